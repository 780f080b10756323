"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { ForecastDay } from "@/lib/db/stats";

import { TOOLTIP_ITEM_STYLE, TOOLTIP_STYLE } from "./chart-style";
import { formatLongDay, formatShortDay, plural } from "./format";

interface Props {
  days: ForecastDay[];
  overdue: number;
  total: number;
}

/** Cards falling due on each of the next 30 study days (today's bar includes overdue cards). */
export function ForecastChart({ days, overdue, total }: Props) {
  const data = days.map((d, i) => ({ ...d, label: i === 0 ? "Today" : formatShortDay(d.date) }));
  const later = days.slice(1).reduce<ForecastDay | null>((best, d) => (best === null || d.due > best.due ? d : best), null);
  const summary =
    total === 0
      ? "Nothing falls due in the next 30 days."
      : `${plural(total, "card")} fall due in the next 30 days: ${plural(days[0]?.due ?? 0, "card")} today` +
        (overdue > 0 ? ` (${overdue} overdue)` : "") +
        (later && later.due > 0 ? `; after today, the busiest day is ${formatLongDay(later.date)} with ${later.due}` : "") +
        ".";

  return (
    <figure className="space-y-2" aria-labelledby="forecast-caption" data-testid="due-forecast">
      <div className="h-56 w-full text-slate-600 dark:text-slate-300" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 224 }}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="label" tick={{ fill: "currentColor", fontSize: 11 }} tickLine={false} interval="preserveStartEnd" minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fill: "currentColor", fontSize: 11 }} tickLine={false} axisLine={false} />
            <Tooltip
              cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
              contentStyle={TOOLTIP_STYLE}
              itemStyle={TOOLTIP_ITEM_STYLE}
              labelFormatter={(_, payload) => {
                const date = (payload[0]?.payload as { date?: string } | undefined)?.date;
                return date ? formatLongDay(date) : "";
              }}
              formatter={(value) => [`${String(value)} due`, null]}
            />
            <Bar dataKey="due" name="Due" fill="var(--color-brand-500)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption id="forecast-caption" className="text-sm text-slate-600 dark:text-slate-300">
        {summary}
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer rounded text-brand-600 underline dark:text-brand-100">Show as a table</summary>
        <table className="mt-2 w-full max-w-xs text-left">
          <thead>
            <tr>
              <th scope="col" className="py-1 font-medium">
                Day
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Cards due
              </th>
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d.date} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-1">{i === 0 ? `Today (${formatShortDay(d.date)})` : formatLongDay(d.date)}</td>
                <td className="py-1 text-right tabular-nums">{d.due}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
