/** Formats a live measurement: 3 significant digits, a percentage, or a dash before the first one. */
export function formatStat(value: number | null | undefined, kind: "number" | "percent" = "number"): string {
  if (value === null || value === undefined) return "–";
  if (!Number.isFinite(value)) return "not a number";
  if (kind === "percent") return `${Math.round(value * 100)}%`;
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/** The run's headline numbers as a description list. */
export function StatList({ items }: { items: readonly (readonly [string, string])[] }) {
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {items.map(([label, value]) => (
        <div key={label} className="rounded-md bg-slate-100 px-3 py-2 dark:bg-slate-800">
          <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
          <dd className="font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
