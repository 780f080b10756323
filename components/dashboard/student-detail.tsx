import Link from "next/link";
import type { ReactNode } from "react";

import type { StudentProgress } from "@/lib/progress/types";

import { formatAgo, formatDateTime, formatPercent, masteryCellClass, withForecast } from "./format";
import { RiskBadge } from "./risk-badge";

const RATING_LABEL = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" } as const;
const SOURCE_LABEL = { REVIEW: "Review", QUIZ: "Quiz", LAB: "Lab" } as const;
const SCOPE_LABEL = { CONCEPT: "Concept", MIXED: "Mixed", DUE_SOON: "Due soon" } as const;

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <dt className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-600 dark:text-slate-300">{children}</p>;
}

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300";
const td = "px-3 py-2";

/** One student's page: summary, concept mastery, recent activity, quizzes and lab runs. */
export function StudentDetail({ classId, progress: p, now }: { classId: string; progress: StudentProgress; now: Date }) {
  const s = p.summary;
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{s.name}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {s.email} · joined {formatAgo(s.joinedAt, now)}
        </p>
        <RiskBadge reasons={s.risk} />
      </header>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Last active">{formatAgo(s.lastActiveAt, now)}</Stat>
        <Stat label="Streak">{s.streakDays} d</Stat>
        <Stat label="Reviews, 7 days">{s.reviews7d}</Stat>
        <Stat label="Due today / overdue">
          {s.dueToday} / {s.overdue}
        </Stat>
        <Stat label="Retention, 30 days">{formatPercent(s.retention30d)}</Stat>
        <Stat label="Quiz average">{formatPercent(s.quizAverage)}</Stat>
        <Stat label="Lab runs">{s.labRuns}</Stat>
        <Stat label={`Mastery now → ${p.forecastDate}`}>
          {formatPercent(s.masteryNow)} → {formatPercent(s.masteryForecast)}
        </Stat>
      </dl>

      <section className="space-y-3" aria-labelledby="concepts-heading">
        <h2 id="concepts-heading" className="text-lg font-semibold">
          Concept mastery
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <thead className="bg-slate-50 dark:bg-slate-900">
              <tr>
                <th scope="col" className={th}>Concept</th>
                <th scope="col" className={`${th} text-right`}>Cards studied</th>
                <th scope="col" className={`${th} text-right`}>Now</th>
                <th scope="col" className={`${th} text-right`}>On {p.forecastDate}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {p.concepts.map((c) => (
                <tr key={c.key}>
                  <td className={td}>
                    <Link href={withForecast(`/classes/${classId}/concepts/${c.key}`, p.forecastDate)} className="text-brand-700 hover:underline dark:text-brand-100">
                      {c.title}
                    </Link>
                  </td>
                  <td className={`${td} text-right tabular-nums`}>
                    {c.studied} / {c.cardCount}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>
                    <span className={`rounded px-1.5 py-0.5 ${masteryCellClass(c.masteryNow)}`}>{formatPercent(c.masteryNow)}</span>
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{formatPercent(c.masteryForecast)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="space-y-3" aria-labelledby="activity-heading">
        <h2 id="activity-heading" className="text-lg font-semibold">
          Recent activity
        </h2>
        {p.recentActivity.length === 0 ? (
          <Empty>No reviews yet.</Empty>
        ) : (
          <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800" data-testid="recent-activity">
            {p.recentActivity.map((a, i) => (
              <li key={`${a.reviewedAt.getTime()}-${i}`} className="flex flex-wrap justify-between gap-2 px-3 py-2">
                <span>
                  <span className="font-medium">{RATING_LABEL[a.rating]}</span> · {a.conceptTitle}{" "}
                  <span className="text-slate-500 dark:text-slate-400">({SOURCE_LABEL[a.source]})</span>
                </span>
                <time dateTime={a.reviewedAt.toISOString()} className="text-slate-600 dark:text-slate-300">
                  {formatDateTime(a.reviewedAt)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="grid gap-8 md:grid-cols-2">
        <section className="space-y-3" aria-labelledby="quizzes-heading">
          <h2 id="quizzes-heading" className="text-lg font-semibold">
            Quiz results
          </h2>
          {p.quizzes.length === 0 ? (
            <Empty>No quizzes yet.</Empty>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
              {p.quizzes.map((q) => (
                <li key={q.id} className="px-3 py-2">
                  <div className="font-medium">
                    {q.correct === null ? "Not submitted" : `${q.correct} / ${q.questions} right`} · {SCOPE_LABEL[q.scope]}
                  </div>
                  <div className="text-slate-600 dark:text-slate-300">
                    {formatDateTime(q.submittedAt ?? q.startedAt)}
                    {q.conceptTitles.length > 0 && ` · ${q.conceptTitles.join(", ")}`}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="space-y-3" aria-labelledby="labs-heading">
          <h2 id="labs-heading" className="text-lg font-semibold">
            Lab runs
          </h2>
          {p.labRuns.length === 0 ? (
            <Empty>No lab runs yet.</Empty>
          ) : (
            <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
              {p.labRuns.map((r) => (
                <li key={r.id} className="px-3 py-2">
                  <div className="font-medium">{r.labTitle}</div>
                  <div className="text-slate-600 dark:text-slate-300">
                    {formatDateTime(r.createdAt)} ·{" "}
                    {r.predictions === 0 ? "no predictions" : `${r.confirmed} of ${r.predictions} predictions confirmed`} · {r.backend}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
