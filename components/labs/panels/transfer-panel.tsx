"use client";

import { useMemo } from "react";

import type { LabConfig } from "@/lib/labs/configs";
import type { TransferMetrics } from "@/lib/labs/metrics";

import { ChartCard, LineChart } from "../charts/charts";
import { COLORS, type LineSeries } from "../charts/draw";
import { type RunHistory, seriesOf } from "../run-history";
import { formatStat, StatList } from "./stats";

const MODES = [
  { key: "scratch", label: "From scratch", color: COLORS.red },
  { key: "frozen", label: "Frozen base + new head", color: COLORS.blue },
  { key: "finetune", label: "Head first, then fine-tuned", color: COLORS.green },
] as const;

const ACCURACY_DOMAIN: [number, number] = [0, 1];

export function TransferPanel({ history, config }: { history: RunHistory; config: LabConfig<"transfer-learning"> }) {
  const points = history.points as readonly TransferMetrics[];
  const latest = history.latest as TransferMetrics | null;

  const accuracy = useMemo<LineSeries[]>(
    () =>
      MODES.flatMap((m) => [
        { label: `${m.label}, held out`, color: m.color, points: seriesOf(points, (p) => p[m.key].testAccuracy) },
        { label: `${m.label}, training`, color: m.color, dashed: true, points: seriesOf(points, (p) => p[m.key].trainAccuracy) },
      ]),
    [points],
  );
  const loss = useMemo<LineSeries[]>(
    () => MODES.map((m) => ({ label: m.label, color: m.color, points: seriesOf(points, (p) => p[m.key].testLoss) })),
    [points],
  );
  // The last measurement carries the confusion matrices; the history keeps it, boundaries aside.
  const confusion = points.find((p) => p.confusion)?.confusion ?? latest?.confusion;

  return (
    <div className="space-y-4">
      <StatList items={MODES.map((m): [string, string] => [`${m.label}: held-out accuracy`, formatStat(latest?.[m.key].testAccuracy, "percent")])} />
      <div className="grid gap-4 md:grid-cols-2">
        <ChartCard
          title="Accuracy: held out (solid) and on the labelled examples (dashed)"
          note={`${config.examplesPerClass} labelled examples of each digit 5-9; held-out digits are never trained on. The fine-tuned network is the frozen one for its first ${Math.min(config.headEpochs, config.epochs)} epochs, then fine-tunes its last ${config.fineTuneLayers === 1 ? "pretrained layer" : `${config.fineTuneLayers} pretrained layers`}.`}
        >
          <LineChart series={accuracy} xMax={config.epochs} domain={ACCURACY_DOMAIN} label="Accuracy of the three networks over epochs" />
        </ChartCard>
        <ChartCard title="Held-out loss">
          <LineChart series={loss} xMax={config.epochs} floor={0} label="Held-out loss of the three networks over epochs" />
        </ChartCard>
      </div>
      {confusion && (
        <div className="grid gap-4 md:grid-cols-3">
          {MODES.map((m) => (
            <ChartCard key={m.key} title={`${m.label}: confusion matrix`} note="Rows: the true digit; columns: the digit predicted.">
              <ConfusionMatrix digits={confusion.digits} counts={confusion[m.key]} label={m.label} />
            </ChartCard>
          ))}
        </div>
      )}
    </div>
  );
}

/** A confusion matrix as a table, each cell shaded by its share of its row. */
function ConfusionMatrix({ digits, counts, label }: { digits: readonly number[]; counts: readonly (readonly number[])[]; label: string }) {
  return (
    <table className="w-full table-fixed border-collapse text-center text-xs tabular-nums">
      <caption className="sr-only">Confusion matrix, {label}: rows are true digits, columns predicted digits</caption>
      <thead>
        <tr>
          <th scope="col" className="p-1 text-slate-500">
            <span className="sr-only">True digit</span>
          </th>
          {digits.map((d) => (
            <th key={d} scope="col" className="p-1 font-semibold">
              {d}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {digits.map((d, row) => {
          const cells = counts[row] ?? [];
          const total = cells.reduce((a, b) => a + b, 0) || 1;
          return (
            <tr key={d}>
              <th scope="row" className="p-1 font-semibold">
                {d}
              </th>
              {digits.map((_, col) => {
                const n = cells[col] ?? 0;
                const share = n / total;
                const hue = row === col ? "16, 185, 129" : "239, 68, 68";
                return (
                  <td key={col} className="border border-slate-200 p-1 dark:border-slate-800" style={{ backgroundColor: `rgba(${hue}, ${share * 0.8})` }}>
                    {n}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
