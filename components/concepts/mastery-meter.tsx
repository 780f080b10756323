/**
 * A learner's mastery of a concept as a bar with its percentage in text. The bar is a `meter` for assistive
 * technology; "Not reviewed yet" stands in when no card of the concept has been reviewed.
 */
export function MasteryMeter({ value, label, compact = false }: { value: number | null; label: string; compact?: boolean }) {
  if (value === null) {
    return <p className="text-xs text-slate-500 dark:text-slate-400">Not reviewed yet</p>;
  }
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  const tone = percent >= 80 ? "bg-emerald-500" : percent >= 50 ? "bg-amber-500" : "bg-rose-500";
  return (
    <div className="flex items-center gap-2">
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
        className={`${compact ? "w-16" : "w-28"} h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800`}
      >
        <div className={`h-full rounded-full ${tone}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs tabular-nums text-slate-700 dark:text-slate-300" aria-hidden="true">
        {percent}%{compact ? "" : " mastery"}
      </span>
    </div>
  );
}
