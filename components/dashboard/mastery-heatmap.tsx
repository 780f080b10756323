import Link from "next/link";

import type { ConceptSummary, StudentSummary } from "@/lib/progress/types";

import { MASTERY_LEGEND, masteryCellClass, withForecast } from "./format";

/**
 * Students x concepts, each cell a student's mastery of a concept with its number printed in it (so colour is
 * never the only signal) and spelled out in the cell's accessible name. Row and column headers link to the
 * student's and the concept's pages.
 */
export function MasteryHeatmap({
  classId,
  students,
  concepts,
  values,
  forecastDate,
}: {
  classId: string;
  students: StudentSummary[];
  concepts: ConceptSummary[];
  /** `values[i][j]` for `students[i]`, `concepts[j]`. */
  values: (number | null)[][];
  forecastDate: string;
}) {
  if (students.length === 0) return null;
  return (
    <div className="space-y-2">
      <div className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="border-separate border-spacing-0 text-xs">
          <caption className="sr-only">Mastery now, students by concepts, in percent</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky left-0 top-0 z-20 bg-white px-2 py-1 text-left dark:bg-slate-950">
                Student
              </th>
              {concepts.map((c) => (
                <th key={c.key} scope="col" className="sticky top-0 z-10 h-36 bg-white px-0.5 align-bottom dark:bg-slate-950">
                  <Link
                    href={withForecast(`/classes/${classId}/concepts/${c.key}`, forecastDate)}
                    className="inline-block max-h-36 overflow-hidden text-ellipsis whitespace-nowrap font-medium text-brand-700 [writing-mode:vertical-rl] rotate-180 hover:underline dark:text-brand-100"
                    title={c.title}
                  >
                    {c.title}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {students.map((s, i) => (
              <tr key={s.id}>
                <th scope="row" className="sticky left-0 z-10 whitespace-nowrap bg-white px-2 py-0.5 text-left font-medium dark:bg-slate-950">
                  <Link href={withForecast(`/classes/${classId}/students/${s.id}`, forecastDate)} className="hover:underline">
                    {s.name}
                  </Link>
                </th>
                {concepts.map((c, j) => {
                  const v = values[i]?.[j] ?? null;
                  const text = v === null ? "–" : String(Math.round(v * 100));
                  return (
                    <td
                      key={c.key}
                      className={`h-7 min-w-8 border border-white text-center tabular-nums dark:border-slate-950 ${masteryCellClass(v)}`}
                      aria-label={`${s.name}, ${c.title}: ${v === null ? "no cards" : `${text}%`}`}
                    >
                      {text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="flex flex-wrap gap-2 text-xs" aria-label="Colour scale">
        {MASTERY_LEGEND.map((item) => (
          <li key={item.label} className={`rounded px-2 py-0.5 ${masteryCellClass(item.value)}`}>
            {item.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
