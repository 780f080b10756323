import Link from "next/link";

import type { ConceptSummary } from "@/lib/progress/types";

import { formatPercent, withForecast } from "./format";

/** A change in percentage points: "−12 pts", "+3 pts", "0 pts" (no "−0" for a change that rounds away). */
function formatChange(change: number | null): string {
  if (change === null) return "–";
  const points = Math.round(change * 100);
  return points === 0 ? "0 pts" : `${points < 0 ? "−" : "+"}${Math.abs(points)} pts`;
}

function Bar({ value, label }: { value: number | null; label: string }) {
  return (
    <div className="h-2 w-24 overflow-hidden rounded bg-slate-200 dark:bg-slate-700" aria-hidden="true" title={label}>
      <div className="h-full bg-brand-600" style={{ width: `${Math.round((value ?? 0) * 100)}%` }} />
    </div>
  );
}

/**
 * Concept mastery now and on the forecast date, in the order given (what the class will have forgotten most
 * by then first, concepts nobody has started last).
 */
export function ConceptMasteryTable({
  classId,
  concepts,
  order,
  forecastDate,
}: {
  classId: string;
  concepts: ConceptSummary[];
  order: string[];
  forecastDate: string;
}) {
  const byKey = new Map(concepts.map((c) => [c.key, c]));
  const ordered = order.map((key) => byKey.get(key)).filter((c): c is ConceptSummary => c !== undefined);
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className="sr-only">Concepts, lowest expected mastery on {forecastDate} first</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-3 py-2">Concept</th>
            <th scope="col" className="px-3 py-2 text-right">Now</th>
            <th scope="col" className="px-3 py-2 text-right">On {forecastDate}</th>
            <th scope="col" className="px-3 py-2 text-right">Change</th>
            <th scope="col" className="px-3 py-2 text-right">Studied</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {ordered.map((c) => {
            const change = c.masteryNow !== null && c.masteryForecast !== null ? c.masteryForecast - c.masteryNow : null;
            return (
              <tr key={c.key} data-testid="concept-row">
                <td className="px-3 py-2">
                  <Link
                    href={withForecast(`/classes/${classId}/concepts/${c.key}`, forecastDate)}
                    className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
                  >
                    {c.title}
                  </Link>
                  <div className="text-xs text-slate-500 dark:text-slate-400">{c.cardCount} cards</div>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{formatPercent(c.masteryNow)}</td>
                <td className="px-3 py-2">
                  <div className="flex items-center justify-end gap-2 tabular-nums">
                    <Bar value={c.masteryForecast} label={formatPercent(c.masteryForecast)} />
                    {formatPercent(c.masteryForecast)}
                  </div>
                </td>
                <td className="px-3 py-2 text-right tabular-nums text-slate-600 dark:text-slate-300">
                  {formatChange(change)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums" title="Share of (student, card) pairs reviewed at least once">
                  {formatPercent(c.coverage)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
