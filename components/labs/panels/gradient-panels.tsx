"use client";

import { useMemo } from "react";

import type { ResidualShortcutsConfig, VanishingGradientsConfig } from "@/lib/labs/configs";
import { makeDataset } from "@/lib/labs/data";
import { GRADIENT_LAB_TRAIN_SIZE } from "@/lib/labs/mlp/gradient-training";
import type { ResidualMetrics, VanishingMetrics } from "@/lib/labs/metrics";

import { BoundaryMap, ChartCard, LayerBarsChart, LineChart } from "../charts/charts";
import { COLORS, type LineSeries, yDomain } from "../charts/draw";
import { type RunHistory, seriesOf } from "../run-history";
import { formatStat, StatList } from "./stats";

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The training points of a gradient lab (the same seeded draw the experiment makes). */
function useTrainingPoints(dataset: VanishingGradientsConfig["dataset"], seed: number) {
  return useMemo(
    () => makeDataset({ kind: dataset, trainSize: GRADIENT_LAB_TRAIN_SIZE, testSize: 0, labelNoise: 0, seed }).train,
    [dataset, seed],
  );
}

/** A log-scale range that holds every gradient norm measured so far, so bars do not rescale every frame. */
function gradientDomain(norms: readonly (readonly number[])[]): [number, number] {
  return yDomain(norms.flat().filter((v) => Number.isFinite(v)), "log");
}

/** Three layers to follow over time: the first hidden layer, one in the middle, and the output layer. */
function trackedLayers(layers: number): { index: number; label: string; color: string }[] {
  const middle = Math.floor((layers - 1) / 2);
  const out: { index: number; label: string; color: string }[] = [{ index: 0, label: "Layer 1", color: COLORS.purple }];
  if (middle > 0 && middle < layers - 1) out.push({ index: middle, label: `Layer ${middle + 1}`, color: COLORS.green });
  out.push({ index: layers - 1, label: `Output layer (${layers})`, color: COLORS.orange });
  return out;
}

export function VanishingPanel({ history, config }: { history: RunHistory; config: VanishingGradientsConfig }) {
  const points = history.points as readonly VanishingMetrics[];
  const latest = history.latest as VanishingMetrics | null;
  const data = useTrainingPoints(config.dataset, config.seed);
  const layers = config.depth + 1;

  const loss = useMemo<LineSeries[]>(
    () => [
      { label: "Training loss", color: COLORS.blue, points: seriesOf(points, (m) => m.net.trainLoss) },
      { label: "Test loss", color: COLORS.orange, dashed: true, points: seriesOf(points, (m) => m.net.testLoss) },
    ],
    [points],
  );
  const overTime = useMemo<LineSeries[]>(
    () =>
      trackedLayers(layers).map((layer) => ({
        label: layer.label,
        color: layer.color,
        points: seriesOf(points, (m) => m.net.gradNorms[layer.index]),
      })),
    [points, layers],
  );
  const domain = useMemo(() => gradientDomain(points.map((m) => m.net.gradNorms)), [points]);
  const bars = useMemo(
    () => [{ label: "Gradient norm", color: COLORS.purple, values: (latest?.net.gradNorms ?? []).map(finite) }],
    [latest],
  );

  const norms = latest?.net.gradNorms ?? [];
  const first = norms[0];
  const last = norms[norms.length - 1];
  return (
    <div className="space-y-4">
      <StatList
        items={[
          ["Training loss", formatStat(latest?.net.trainLoss)],
          ["Test accuracy", formatStat(latest?.net.testAccuracy, "percent")],
          ["Layer 1 gradient", formatStat(first)],
          ["Output gradient", formatStat(last)],
        ]}
      />
      <div className="grid gap-4 md:grid-cols-2">
        <ChartCard title="Gradient norm per layer (log scale)" note="Layer 1 is the first hidden layer; the last bar is the output layer.">
          <LayerBarsChart groups={bars} domain={domain} label="Gradient norm of each layer's weights, latest measurement" />
        </ChartCard>
        <ChartCard title="Gradient norms over time (log scale)">
          <LineChart series={overTime} xMax={config.steps} scale="log" label="Gradient norm of three layers over training steps" />
        </ChartCard>
        <ChartCard title="Loss">
          <LineChart series={loss} xMax={config.steps} floor={0} label="Training and test loss over training steps" />
        </ChartCard>
        <ChartCard title="Decision boundary">
          <BoundaryMap boundary={history.boundaries.net} points={data} label="Decision boundary of the network" />
        </ChartCard>
      </div>
    </div>
  );
}

/**
 * The geometric mean over the early steps of the residual net's first-layer gradient RMS over the plain net's:
 * the quantity the gradient prediction is graded on (undefined until the first step).
 */
function earlyRatio(latest: ResidualMetrics | null): number | undefined {
  const early = latest?.earlyFirstLayerRms;
  if (!early || early.plain.length === 0) return undefined;
  const logs = early.plain.map((p, i) => Math.log10((early.residual[i] as number) / p));
  return 10 ** (logs.reduce((a, b) => a + b, 0) / logs.length);
}

export function ResidualPanel({ history, config }: { history: RunHistory; config: ResidualShortcutsConfig }) {
  const points = history.points as readonly ResidualMetrics[];
  const latest = history.latest as ResidualMetrics | null;
  const data = useTrainingPoints(config.dataset, config.seed);

  const loss = useMemo<LineSeries[]>(
    () => [
      { label: "Plain, training", color: COLORS.blue, points: seriesOf(points, (m) => m.plain.trainLoss) },
      { label: "Residual, training", color: COLORS.orange, points: seriesOf(points, (m) => m.residual.trainLoss) },
      { label: "Plain, test", color: COLORS.blue, dashed: true, points: seriesOf(points, (m) => m.plain.testLoss) },
      { label: "Residual, test", color: COLORS.orange, dashed: true, points: seriesOf(points, (m) => m.residual.testLoss) },
    ],
    [points],
  );
  const firstLayer = useMemo<LineSeries[]>(
    () => [
      { label: "Plain", color: COLORS.blue, points: seriesOf(points, (m) => m.plain.gradNorms[0]) },
      { label: "Residual", color: COLORS.orange, points: seriesOf(points, (m) => m.residual.gradNorms[0]) },
    ],
    [points],
  );
  const domain = useMemo(
    () => gradientDomain(points.flatMap((m) => [m.plain.gradNorms, m.residual.gradNorms])),
    [points],
  );
  const bars = useMemo(
    () => [
      { label: "Plain", color: COLORS.blue, values: (latest?.plain.gradNorms ?? []).map(finite) },
      { label: "Residual", color: COLORS.orange, values: (latest?.residual.gradNorms ?? []).map(finite) },
    ],
    [latest],
  );

  return (
    <div className="space-y-4">
      <StatList
        items={[
          ["Plain training loss", formatStat(latest?.plain.trainLoss)],
          ["Residual training loss", formatStat(latest?.residual.trainLoss)],
          ["Plain layer 1 gradient (latest)", formatStat(latest?.plain.gradNorms[0])],
          ["Residual layer 1 gradient (latest)", formatStat(latest?.residual.gradNorms[0])],
          ["Layer 1 gradient RMS over the first steps, residual / plain", formatStat(earlyRatio(latest))],
        ]}
      />
      <div className="grid gap-4 md:grid-cols-2">
        <ChartCard title="Loss: plain vs residual">
          <LineChart series={loss} xMax={config.steps} floor={0} label="Training and test loss of the plain and residual networks" />
        </ChartCard>
        <ChartCard title="Gradient norm per layer (log scale)" note="Layer 1 is the first hidden layer; the last bars are the output layer.">
          <LayerBarsChart groups={bars} domain={domain} label="Gradient norm of each layer, plain and residual, latest measurement" />
        </ChartCard>
        <ChartCard title="First layer's gradient over time (log scale)">
          <LineChart series={firstLayer} xMax={config.steps} scale="log" label="First-layer gradient norm of the plain and residual networks" />
        </ChartCard>
        <ChartCard title="Decision boundaries">
          <div className="grid grid-cols-2 gap-2">
            <div>
              <p className="mb-1 text-center text-xs text-slate-600 dark:text-slate-300">Plain</p>
              <BoundaryMap boundary={history.boundaries.plain} points={data} label="Decision boundary of the plain network" size={160} />
            </div>
            <div>
              <p className="mb-1 text-center text-xs text-slate-600 dark:text-slate-300">Residual</p>
              <BoundaryMap boundary={history.boundaries.residual} points={data} label="Decision boundary of the residual network" size={160} />
            </div>
          </div>
        </ChartCard>
      </div>
    </div>
  );
}
