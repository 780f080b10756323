"use client";

import { useCallback } from "react";

import type { Points } from "@/lib/labs/data";
import type { Boundary, Histogram } from "@/lib/labs/metrics";

import { ChartCanvas } from "./chart-canvas";
import {
  type BarGroup,
  drawBoundary,
  drawHistogram,
  drawLayerBars,
  drawLineChart,
  type LineChartOptions,
  type LineSeries,
} from "./draw";

/** A titled chart panel. */
export function ChartCard({ title, children, note }: { title: string; children: React.ReactNode; note?: string }) {
  return (
    <figure className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      {children}
      {note && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{note}</p>}
    </figure>
  );
}

/** Colour keys of a chart's series. */
export function Legend({ items }: { items: readonly { label: string; color: string; dashed?: boolean }[] }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block h-0 w-4 border-t-2"
            style={{ borderColor: item.color, borderTopStyle: item.dashed ? "dashed" : "solid" }}
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

export function LineChart({
  label,
  height = 180,
  legend = true,
  ...options
}: LineChartOptions & { label: string; height?: number; legend?: boolean }) {
  const { series, xMax, scale, floor, domain } = options;
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, theme: Parameters<typeof drawLineChart>[3]) =>
      drawLineChart(ctx, w, h, theme, { series, xMax, scale, floor, domain }),
    [series, xMax, scale, floor, domain],
  );
  return (
    <>
      <ChartCanvas draw={draw} height={height} label={`${label}. ${describeSeries(series)}`} />
      {legend && <Legend items={series} />}
    </>
  );
}

function describeSeries(series: readonly LineSeries[]): string {
  return series
    .map((s) => {
      const last = s.points[s.points.length - 1];
      return last ? `${s.label}: ${Number(last[1].toPrecision(3))} at step ${last[0]}` : `${s.label}: no data yet`;
    })
    .join("; ");
}

export function LayerBarsChart({
  groups,
  label,
  height = 180,
  domain,
}: {
  groups: readonly BarGroup[];
  label: string;
  height?: number;
  domain?: [number, number];
}) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, theme: Parameters<typeof drawLayerBars>[3]) =>
      drawLayerBars(ctx, w, h, theme, groups, domain),
    [groups, domain],
  );
  const text = groups
    .map((g) => {
      const first = g.values[0];
      const last = g.values[g.values.length - 1];
      return `${g.label}: layer 1 ${formatValue(first)}, output layer ${formatValue(last)}`;
    })
    .join("; ");
  return (
    <>
      <ChartCanvas draw={draw} height={height} label={`${label}. ${text}`} />
      {groups.length > 1 && <Legend items={groups} />}
    </>
  );
}

function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return "not a number";
  return Math.abs(value) < 1e-3 && value !== 0 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

export function HistogramChart({
  histogram,
  color,
  label,
  height = 140,
}: {
  histogram: Histogram | undefined;
  color: string;
  label: string;
  height?: number;
}) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, theme: Parameters<typeof drawHistogram>[3]) => {
      if (histogram) drawHistogram(ctx, w, h, theme, histogram, color);
    },
    [histogram, color],
  );
  return <ChartCanvas draw={draw} height={height} label={label} />;
}

export function BoundaryMap({
  boundary,
  points,
  label,
  size = 220,
}: {
  boundary: Boundary | undefined;
  points?: Points;
  label: string;
  size?: number;
}) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, w: number, h: number, theme: Parameters<typeof drawBoundary>[3]) =>
      drawBoundary(ctx, w, h, theme, boundary ?? null, points),
    [boundary, points],
  );
  return (
    <ChartCanvas
      draw={draw}
      height={size}
      label={`${label}: predicted class over the input plane, blue for class 0 and orange for class 1${points ? ", with the training points" : ""}.`}
      className="mx-auto w-full"
    />
  );
}
