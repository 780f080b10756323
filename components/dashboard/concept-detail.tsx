import Link from "next/link";

import type { ConceptProgress } from "@/lib/progress/types";

import { formatPercent, masteryCellClass, withForecast } from "./format";

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300";
const td = "px-3 py-2";

/**
 * One concept across the class: its students, lowest forecast first, and its cards with their mean recall.
 * `cardPrompts` holds each card's prompt already rendered to sanitized HTML (by lib/content on the server).
 */
export function ConceptDetail({
  classId,
  progress: p,
  cardPrompts,
}: {
  classId: string;
  progress: ConceptProgress;
  cardPrompts: Record<string, string>;
}) {
  const c = p.concept;
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{c.title}</h1>
        <p className="text-slate-600 dark:text-slate-300">
          Class mastery {formatPercent(c.masteryNow)} now, {formatPercent(c.masteryForecast)} on {p.forecastDate} ·{" "}
          {formatPercent(c.coverage)} of student-card pairs studied · {c.cardCount} cards
        </p>
      </header>

      <section className="space-y-3" aria-labelledby="students-heading">
        <h2 id="students-heading" className="text-lg font-semibold">
          Students, lowest on {p.forecastDate} first
        </h2>
        {p.students.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">No students in this class yet.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
            <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
              <thead className="bg-slate-50 dark:bg-slate-900">
                <tr>
                  <th scope="col" className={th}>Student</th>
                  <th scope="col" className={`${th} text-right`}>Cards studied</th>
                  <th scope="col" className={`${th} text-right`}>Now</th>
                  <th scope="col" className={`${th} text-right`}>On {p.forecastDate}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {p.students.map((s) => (
                  <tr key={s.id}>
                    <td className={td}>
                      <Link href={withForecast(`/classes/${classId}/students/${s.id}`, p.forecastDate)} className="text-brand-700 hover:underline dark:text-brand-100">
                        {s.name}
                      </Link>
                    </td>
                    <td className={`${td} text-right tabular-nums`}>
                      {s.studied} / {c.cardCount}
                    </td>
                    <td className={`${td} text-right tabular-nums`}>
                      <span className={`rounded px-1.5 py-0.5 ${masteryCellClass(s.masteryNow)}`}>{formatPercent(s.masteryNow)}</span>
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{formatPercent(s.masteryForecast)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="space-y-3" aria-labelledby="cards-heading">
        <h2 id="cards-heading" className="text-lg font-semibold">
          Cards
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <thead className="bg-slate-50 dark:bg-slate-900">
              <tr>
                <th scope="col" className={th}>Card</th>
                <th scope="col" className={`${th} text-right`}>Students who studied it</th>
                <th scope="col" className={`${th} text-right`}>Recall now</th>
                <th scope="col" className={`${th} text-right`}>On {p.forecastDate}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {p.cards.map((card) => (
                <tr key={card.key}>
                  <td className={`${td} max-w-xl`}>
                    <div dangerouslySetInnerHTML={{ __html: cardPrompts[card.key] ?? "" }} />
                  </td>
                  <td className={`${td} text-right tabular-nums`}>
                    {card.studied} / {p.students.length}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{formatPercent(card.recallNow)}</td>
                  <td className={`${td} text-right tabular-nums`}>{formatPercent(card.recallForecast)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
