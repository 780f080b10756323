"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { RetentionMonth } from "@/lib/db/stats";

import { TOOLTIP_ITEM_STYLE, TOOLTIP_STYLE } from "./chart-style";
import { formatMonthYear, formatPercent, plural } from "./format";

interface Props {
  months: RetentionMonth[];
  /** Share recalled over all those months; null without any review of a REVIEW-state card. */
  overall: number | null;
  reviews: number;
  desiredRetention: number;
}

/**
 * True retention per month: the share of reviews of cards in the REVIEW state that were recalled, against the
 * learner's target retention.
 */
export function RetentionChart({ months, overall, reviews, desiredRetention }: Props) {
  const data = months.map((m) => ({
    ...m,
    label: formatMonthYear(m.month).replace(" ", "\u00a0"),
    percent: m.retention === null ? null : Math.round(m.retention * 1000) / 10,
  }));
  const target = Math.round(desiredRetention * 100);
  const summary =
    overall === null
      ? "No reviews of cards past their learning steps in the last 12 months yet."
      : `${formatPercent(overall)} of ${plural(reviews, "review")} of learned cards were recalled in the last 12 months ` +
        `(your target is ${target}%).`;

  return (
    <figure className="space-y-2" aria-labelledby="retention-caption">
      <div className="h-56 w-full text-slate-600 dark:text-slate-300" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 224 }}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 11 }} tickLine={false} interval="preserveStartEnd" minTickGap={8} />
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={(v: number) => `${v}%`}
              tick={{ fill: "currentColor", fontSize: 11 }}
              tickLine={false}
              axisLine={false}
            />
            <ReferenceLine y={target} stroke="currentColor" strokeDasharray="4 4" strokeOpacity={0.6} />
            <Tooltip
              cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              contentStyle={TOOLTIP_STYLE}
              itemStyle={TOOLTIP_ITEM_STYLE}
              formatter={(value, _name, item) => {
                const n = (item.payload as { reviews?: number } | undefined)?.reviews ?? 0;
                return [`${String(value)}% of ${plural(n, "review")}`, null];
              }}
            />
            <Bar dataKey="percent" name="Retention" fill="var(--color-brand-500)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption id="retention-caption" className="text-sm text-slate-600 dark:text-slate-300">
        {summary} The dashed line is your target.
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer rounded text-brand-600 underline dark:text-brand-100">Show as a table</summary>
        <table className="mt-2 w-full max-w-sm text-left">
          <thead>
            <tr>
              <th scope="col" className="py-1 font-medium">
                Month
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Reviews
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Recalled
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-1">{formatMonthYear(m.month)}</td>
                <td className="py-1 text-right tabular-nums">{m.reviews}</td>
                <td className="py-1 text-right tabular-nums">{formatPercent(m.retention)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
