"use client";

import { useMemo } from "react";

import type { L1VsL2Config } from "@/lib/labs/configs";
import { makeDataset } from "@/lib/labs/data";
import { L1_VS_L2_TEST_SIZE } from "@/lib/labs/l1-vs-l2/experiment";
import type { L1VsL2Metrics } from "@/lib/labs/metrics";

import { BoundaryMap, ChartCard, HistogramChart, LineChart } from "../charts/charts";
import { COLORS, type LineSeries } from "../charts/draw";
import { type RunHistory, seriesOf } from "../run-history";
import { formatStat, StatList } from "./stats";

const VARIANTS = [
  { key: "none", label: "No penalty", color: COLORS.red },
  { key: "l1", label: "L1", color: COLORS.green },
  { key: "l2", label: "L2", color: COLORS.purple },
] as const;

const SHARE_DOMAIN: [number, number] = [0, 1];

export function L1VsL2Panel({ history, config }: { history: RunHistory; config: L1VsL2Config }) {
  const points = history.points as readonly L1VsL2Metrics[];
  const latest = history.latest as L1VsL2Metrics | null;
  const data = useMemo(
    () =>
      makeDataset({
        kind: config.dataset,
        trainSize: config.trainSize,
        testSize: L1_VS_L2_TEST_SIZE,
        labelNoise: config.noise,
        seed: config.seed,
      }).train,
    [config.dataset, config.trainSize, config.noise, config.seed],
  );

  const loss = useMemo<LineSeries[]>(
    () =>
      VARIANTS.flatMap((v) => [
        { label: `${v.label}, training`, color: v.color, points: seriesOf(points, (m) => m[v.key].trainLoss) },
        { label: `${v.label}, test`, color: v.color, dashed: true, points: seriesOf(points, (m) => m[v.key].testLoss) },
      ]),
    [points],
  );
  const share = useMemo<LineSeries[]>(
    () => VARIANTS.map((v) => ({ label: v.label, color: v.color, points: seriesOf(points, (m) => m[v.key].nearZeroShare) })),
    [points],
  );

  return (
    <div className="space-y-4">
      <StatList
        items={[
          ...VARIANTS.map((v): [string, string] => [
            `${v.label}: weights near zero`,
            formatStat(latest?.[v.key].nearZeroShare, "percent"),
          ]),
          ["Test loss (none / L1 / L2)", VARIANTS.map((v) => formatStat(latest?.[v.key].testLoss)).join(" / ")],
        ]}
      />
      <div className="grid gap-4 md:grid-cols-2">
        <ChartCard title="Training (solid) and test (dashed) loss">
          <LineChart series={loss} xMax={config.steps} floor={0} label="Training and test loss of the three networks over training steps" />
        </ChartCard>
        <ChartCard title="Share of weights near zero (|w| < 0.001)">
          <LineChart series={share} xMax={config.steps} domain={SHARE_DOMAIN} label="Share of weights near zero over training steps" />
        </ChartCard>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        {VARIANTS.map((v) => (
          <ChartCard key={v.key} title={`${v.label}: weights and boundary`}>
            <HistogramChart
              histogram={latest?.[v.key].histogram}
              color={v.color}
              label={`Histogram of the ${v.label} network's weights; ${formatStat(latest?.[v.key].nearZeroShare, "percent")} near zero`}
            />
            <div className="mt-2">
              <BoundaryMap boundary={history.boundaries[v.key]} points={data} label={`Decision boundary, ${v.label}`} size={180} />
            </div>
          </ChartCard>
        ))}
      </div>
    </div>
  );
}
