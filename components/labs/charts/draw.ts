/**
 * Canvas drawing for the lab charts: line charts (linear or log scale), bars per layer, histograms and
 * decision boundaries. Plain functions over a 2D context, cheap enough to redraw every frame.
 */
import type { StepValue } from "../run-history";

export interface ChartTheme {
  readonly text: string;
  readonly grid: string;
  readonly dark: boolean;
}

/** Series colours that read on light and dark backgrounds. */
export const COLORS = {
  blue: "#3b82f6",
  orange: "#f97316",
  green: "#10b981",
  purple: "#a855f7",
  red: "#ef4444",
  slate: "#64748b",
} as const;

export interface LineSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly StepValue[];
  readonly dashed?: boolean;
}

export type Scale = "linear" | "log";

const MARGIN = { left: 48, right: 10, top: 8, bottom: 26 };
const FONT = "11px ui-sans-serif, system-ui, sans-serif";

/** Short tick text: 0.25, 12, 1.5k, 1e-6. */
export function formatTick(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) {
    const exponent = Math.round(Math.log10(magnitude));
    return Math.abs(value - Math.sign(value) * 10 ** exponent) < 1e-9 * magnitude ? `1e${exponent}` : value.toExponential(0);
  }
  if (magnitude >= 1000) return `${Number((value / 1000).toPrecision(3))}k`;
  return String(Number(value.toPrecision(3)));
}

/** About `count` round ticks covering [min, max]. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The y range of a chart: padded for linear scales, whole decades for log scales. */
export function yDomain(values: readonly number[], scale: Scale, floor?: number): [number, number] {
  if (scale === "log") {
    const positive = values.filter((v) => v > 0);
    if (positive.length === 0) return [1e-3, 1];
    let low = Math.floor(Math.log10(Math.min(...positive)));
    let high = Math.ceil(Math.log10(Math.max(...positive)));
    if (high === low) high = low + 1;
    // Very wide ranges are clipped at 16 decades: below that nothing is visible anyway.
    if (high - low > 16) low = high - 16;
    return [10 ** low, 10 ** high];
  }
  if (values.length === 0) return [floor ?? 0, 1];
  let low = Math.min(...values, floor ?? Infinity);
  let high = Math.max(...values);
  if (high === low) {
    high += 1;
    low = Math.min(low, floor ?? low - 1);
  }
  return [low, high + (high - low) * 0.05];
}

interface Frame {
  readonly x: (step: number) => number;
  readonly y: (value: number) => number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

function makeFrame(width: number, height: number, xMax: number, domain: [number, number], scale: Scale): Frame {
  const left = MARGIN.left;
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const [low, high] = domain;
  const toUnit =
    scale === "log"
      ? (v: number) => (Math.log10(Math.max(v, low)) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
      : (v: number) => (v - low) / (high - low);
  return {
    x: (step) => left + ((right - left) * step) / Math.max(1, xMax),
    y: (value) => bottom - (bottom - top) * Math.min(1, Math.max(0, toUnit(value))),
    left,
    right,
    top,
    bottom,
  };
}

function drawAxes(
  ctx: CanvasRenderingContext2D,
  frame: Frame,
  theme: ChartTheme,
  xTicks: readonly { at: number; text: string }[],
  yTicks: readonly { value: number; text: string }[],
): void {
  ctx.font = FONT;
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.fillStyle = theme.text;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const tick of yTicks) {
    const y = Math.round(frame.y(tick.value)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(frame.left, y);
    ctx.lineTo(frame.right, y);
    ctx.stroke();
    ctx.fillText(tick.text, frame.left - 4, y);
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const tick of xTicks) ctx.fillText(tick.text, tick.at, frame.bottom + 6);
  ctx.strokeStyle = theme.text;
  ctx.globalAlpha = 0.5;
  ctx.beginPath();
  ctx.moveTo(frame.left + 0.5, frame.top);
  ctx.lineTo(frame.left + 0.5, frame.bottom + 0.5);
  ctx.lineTo(frame.right, frame.bottom + 0.5);
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function yTicksFor(domain: [number, number], scale: Scale): { value: number; text: string }[] {
  if (scale === "log") {
    const low = Math.round(Math.log10(domain[0]));
    const high = Math.round(Math.log10(domain[1]));
    const every = Math.max(1, Math.ceil((high - low) / 6));
    const ticks: { value: number; text: string }[] = [];
    for (let e = low; e <= high; e += every) ticks.push({ value: 10 ** e, text: e === 0 ? "1" : `1e${e}` });
    return ticks;
  }
  return linearTicks(domain[0], domain[1]).map((value) => ({ value, text: formatTick(value) }));
}

export interface LineChartOptions {
  readonly series: readonly LineSeries[];
  /** The x axis runs from 0 to this many steps. */
  readonly xMax: number;
  readonly scale?: Scale;
  /** Linear scales include this value (e.g. 0 for losses). */
  readonly floor?: number;
  /** Fixed y range, e.g. [0, 1] for accuracies. */
  readonly domain?: [number, number];
}

/** Draws lines over training steps. */
export function drawLineChart(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  theme: ChartTheme,
  options: LineChartOptions,
): void {
  const scale = options.scale ?? "linear";
  const values = options.series.flatMap((s) => s.points.map((p) => p[1]));
  const domain = options.domain ?? yDomain(values, scale, options.floor);
  const frame = makeFrame(width, height, options.xMax, domain, scale);
  const xTicks = linearTicks(0, options.xMax, Math.max(2, Math.floor(width / 90))).map((step) => ({
    at: frame.x(step),
    text: formatTick(step),
  }));
  drawAxes(ctx, frame, theme, xTicks, yTicksFor(domain, scale));
  ctx.lineWidth = 2;
  ctx.lineJoin = "round";
  for (const series of options.series) {
    ctx.strokeStyle = series.color;
    ctx.setLineDash(series.dashed ? [5, 4] : []);
    ctx.beginPath();
    let started = false;
    for (const [step, value] of series.points) {
      if (scale === "log" && !(value > 0)) {
        started = false;
        continue;
      }
      const x = frame.x(step);
      const y = frame.y(value);
      if (started) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
      started = true;
    }
    ctx.stroke();
    // A lone point (the step-0 measurement) is invisible as a path: mark it.
    if (series.points.length === 1) {
      const [step, value] = series.points[0] as StepValue;
      ctx.fillStyle = series.color;
      ctx.fillRect(frame.x(step) - 2, frame.y(value) - 2, 4, 4);
    }
  }
  ctx.setLineDash([]);
}

export interface BarGroup {
  readonly label: string;
  readonly color: string;
  /** One value per bar; null for a value that was not a finite number. */
  readonly values: readonly (number | null)[];
}

/**
 * Draws one bar per layer on a log scale, groups side by side (e.g. plain and residual), layer 1 on the left.
 * A missing value is marked with a small cross at the axis.
 */
export function drawLayerBars(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  theme: ChartTheme,
  groups: readonly BarGroup[],
  domain?: [number, number],
): void {
  const layers = Math.max(0, ...groups.map((g) => g.values.length));
  const values = groups.flatMap((g) => g.values.filter((v): v is number => v !== null));
  const range = domain ?? yDomain(values, "log");
  const frame = makeFrame(width, height, layers, range, "log");
  const slot = (frame.right - frame.left) / Math.max(1, layers);
  const labelEvery = Math.max(1, Math.ceil(layers / Math.max(1, Math.floor((frame.right - frame.left) / 28))));
  const xTicks = Array.from({ length: layers }, (_, i) => i)
    .filter((i) => i % labelEvery === 0 || i === layers - 1)
    .map((i) => ({ at: frame.left + slot * (i + 0.5), text: String(i + 1) }));
  drawAxes(ctx, frame, theme, xTicks, yTicksFor(range, "log"));
  const barWidth = Math.max(1, (slot * 0.8) / Math.max(1, groups.length));
  groups.forEach((group, g) => {
    ctx.fillStyle = group.color;
    group.values.forEach((value, i) => {
      const x = frame.left + slot * i + slot * 0.1 + barWidth * g;
      if (value === null || !(value > 0)) {
        ctx.fillText("×", x + barWidth / 2, frame.bottom - 8);
        return;
      }
      const y = frame.y(value);
      ctx.fillRect(x, y, Math.max(1, barWidth - 1), frame.bottom - y);
    });
  });
}

/** Draws a histogram of counts over [min, max] with the zero line marked. */
export function drawHistogram(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  theme: ChartTheme,
  histogram: { readonly min: number; readonly max: number; readonly counts: readonly number[] },
  color: string,
): void {
  const bins = histogram.counts.length;
  const top = Math.max(1, ...histogram.counts);
  const frame = makeFrame(width, height, bins, [0, top * 1.05], "linear");
  const span = histogram.max - histogram.min;
  const xTicks = span > 0 && Number.isFinite(span)
    ? linearTicks(histogram.min, histogram.max, 4).map((v) => ({
        at: frame.left + ((frame.right - frame.left) * (v - histogram.min)) / span,
        text: formatTick(v),
      }))
    : [];
  drawAxes(ctx, frame, theme, xTicks, yTicksFor([0, top * 1.05], "linear"));
  const slot = (frame.right - frame.left) / Math.max(1, bins);
  ctx.fillStyle = color;
  histogram.counts.forEach((count, i) => {
    const y = frame.y(count);
    ctx.fillRect(frame.left + slot * i, y, Math.max(1, slot - 1), frame.bottom - y);
  });
  if (span > 0 && histogram.min < 0 && histogram.max > 0) {
    const zero = frame.left + ((frame.right - frame.left) * -histogram.min) / span;
    ctx.strokeStyle = theme.text;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(zero, frame.top);
    ctx.lineTo(zero, frame.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

/** Class 0 and class 1 colours of decision boundaries and points (blue and orange). */
const CLASS_RGB: readonly [readonly [number, number, number], readonly [number, number, number]] = [
  [59, 130, 246],
  [249, 115, 22],
];

/** Scratch canvases reused between draws of the same grid size. */
const gridCanvases = new Map<number, HTMLCanvasElement>();

/**
 * Draws a decision boundary (probability of class 1 per cell, row 0 on top) as a blue-to-orange image
 * scaled to fill the square, and optionally the training points on top. Non-finite cells are grey.
 */
export function drawBoundary(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  theme: ChartTheme,
  boundary: { readonly size: number; readonly extent: number; readonly probs: readonly number[] } | null,
  points?: { readonly xs: Float32Array; readonly labels: Float32Array; readonly count: number },
): void {
  const side = Math.min(width, height);
  const left = (width - side) / 2;
  if (boundary) {
    let scratch = gridCanvases.get(boundary.size);
    if (!scratch) {
      scratch = document.createElement("canvas");
      scratch.width = boundary.size;
      scratch.height = boundary.size;
      gridCanvases.set(boundary.size, scratch);
    }
    const grid = scratch.getContext("2d");
    if (grid) {
      const image = grid.createImageData(boundary.size, boundary.size);
      const background = theme.dark ? 15 : 255;
      boundary.probs.forEach((p, i) => {
        const o = i * 4;
        if (!Number.isFinite(p)) {
          image.data.set([128, 128, 128, 255], o);
          return;
        }
        // Saturation grows with confidence; 0.5 is the background colour.
        const strength = Math.min(1, Math.abs(p - 0.5) * 2) * 0.75;
        const rgb = CLASS_RGB[p >= 0.5 ? 1 : 0];
        image.data[o] = background + (rgb[0] - background) * strength;
        image.data[o + 1] = background + (rgb[1] - background) * strength;
        image.data[o + 2] = background + (rgb[2] - background) * strength;
        image.data[o + 3] = 255;
      });
      grid.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(scratch, left, 0, side, side);
    }
  } else {
    ctx.fillStyle = theme.grid;
    ctx.fillRect(left, 0, side, side);
  }
  if (!points) return;
  const extent = boundary?.extent ?? 1.2;
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.dark ? "#0f172a" : "#ffffff";
  for (let i = 0; i < points.count; i++) {
    const x = left + ((Number(points.xs[2 * i]) + extent) / (2 * extent)) * side;
    const y = ((extent - Number(points.xs[2 * i + 1])) / (2 * extent)) * side;
    const rgb = CLASS_RGB[points.labels[i] === 1 ? 1 : 0];
    ctx.fillStyle = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
    ctx.beginPath();
    ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}
