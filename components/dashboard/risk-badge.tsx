import { describeRisk, type RiskReason } from "@/lib/progress/at-risk";

/** "At risk" with its reasons spelled out (not only in a tooltip), or a quiet "On track". */
export function RiskBadge({ reasons }: { reasons: RiskReason[] }) {
  if (reasons.length === 0) {
    return <span className="text-sm text-slate-500 dark:text-slate-400">On track</span>;
  }
  return (
    <div className="space-y-1">
      <span className="inline-block rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800 dark:bg-red-950 dark:text-red-200">
        At risk
      </span>
      <ul className="text-xs text-slate-600 dark:text-slate-300">
        {reasons.map((reason) => (
          <li key={reason.kind}>{describeRisk(reason)}</li>
        ))}
      </ul>
    </div>
  );
}
