import Link from "next/link";

import { formatScore, type AttemptSummary } from "@/lib/quiz/attempt";
import { formatDue } from "@/lib/quiz/moved";

/** Past attempts, newest first: a finished one links to its results, an unfinished one to where it stopped. */
export function AttemptHistory({
  attempts,
  currentId,
  showTitles = true,
  timeZone,
}: {
  attempts: AttemptSummary[];
  currentId?: string;
  showTitles?: boolean;
  /** The learner's time zone, for the start times. */
  timeZone: string;
}) {
  if (attempts.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No attempts yet.</p>;
  return (
    <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {attempts.map((a) => {
        const done = a.correctCount !== null;
        return (
          <li key={a.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm">
            <Link
              href={done ? `/quizzes/${a.id}/results` : `/quizzes/${a.id}`}
              aria-current={a.id === currentId ? "page" : undefined}
              className="min-w-0 basis-full font-medium text-brand-600 sm:basis-0 sm:flex-1 underline-offset-2 hover:underline aria-[current=page]:text-slate-900 dark:text-brand-100 dark:aria-[current=page]:text-white"
            >
              {showTitles ? a.title : formatDue(a.startedAt, timeZone)}
              {a.id === currentId && <span className="sr-only"> (this attempt)</span>}
            </Link>
            {showTitles && <span className="text-slate-600 dark:text-slate-400">{formatDue(a.startedAt, timeZone)}</span>}
            <span className="tabular-nums">
              {done ? formatScore(a.correctCount ?? 0, a.total) : `in progress, ${a.answered}/${a.total} answered`}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
