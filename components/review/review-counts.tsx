import type { QueueKind } from "@/lib/srs/queue";

const KINDS: { kind: QueueKind; label: string; className: string }[] = [
  { kind: "new", label: "New", className: "text-sky-700 dark:text-sky-300" },
  { kind: "learning", label: "Learning", className: "text-amber-700 dark:text-amber-300" },
  { kind: "review", label: "Review", className: "text-emerald-700 dark:text-emerald-300" },
];

/** Cards left today by kind, and progress through the session. */
export function ReviewCounts({ counts, done }: { counts: Record<QueueKind, number>; done: number }) {
  const left = counts.new + counts.learning + counts.review;
  const total = done + left;
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <div className="space-y-2">
      <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm" aria-label="Cards left today" data-testid="review-counts">
        {KINDS.map(({ kind, label, className }) => (
          <div key={kind} className="flex items-baseline gap-1.5">
            <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className={`text-lg font-semibold tabular-nums ${className}`} data-testid={`count-${kind}`}>
              {counts[kind]}
            </dd>
          </div>
        ))}
      </dl>
      <div
        role="progressbar"
        aria-label="Progress through today's cards"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} done`}
        className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className="h-full rounded-full bg-brand-500 transition-[width] duration-300" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
