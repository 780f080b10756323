import clsx from "clsx";

import type { CardStateName } from "@/lib/srs/memory-state";

const ROWS: { state: CardStateName; label: string; hint: string; bar: string }[] = [
  { state: "NEW", label: "New", hint: "added, not studied yet", bar: "bg-sky-500" },
  { state: "LEARNING", label: "Learning", hint: "in their first steps", bar: "bg-amber-500" },
  { state: "REVIEW", label: "Review", hint: "learned, coming back at growing intervals", bar: "bg-emerald-500" },
  { state: "RELEARNING", label: "Relearning", hint: "forgotten, being learned again", bar: "bg-rose-500" },
];

/** How many cards of the collection are in each FSRS state, as numbers and one stacked bar. */
export function CardsByState({ counts, total }: { counts: Record<CardStateName, number>; total: number }) {
  return (
    <div className="space-y-3">
      <div aria-hidden="true" className="flex h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
        {total > 0 &&
          ROWS.map((r) => (
            <span key={r.state} className={clsx("h-full", r.bar)} style={{ width: `${(100 * counts[r.state]) / total}%` }} />
          ))}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {ROWS.map((r) => (
          <div key={r.state} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <dt className="flex items-center gap-2 text-sm font-medium">
              <span aria-hidden="true" className={clsx("size-2.5 rounded-full", r.bar)} />
              {r.label}
            </dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{counts[r.state].toLocaleString("en-US")}</dd>
            <dd className="text-xs text-slate-500 dark:text-slate-400">{r.hint}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
