/**
 * What a lab page keeps of a running experiment: every measurement without its decision-boundary grids
 * (those are large and only the latest is drawn), plus the latest grid of each network. Plain functions
 * over plain data, so the page can batch updates and the charts can read a consistent snapshot.
 */
import type { Boundary, LabMetrics } from "@/lib/labs/metrics";

export interface RunHistory {
  /** Measurements in arrival order, boundaries removed. */
  readonly points: readonly LabMetrics[];
  /** The latest measurement as it arrived (with its boundaries, when it had them). */
  readonly latest: LabMetrics | null;
  /** The latest boundary grid of each network, by network name (`net`, `plain`, `l1`, ...). */
  readonly boundaries: Readonly<Record<string, Boundary>>;
}

export const EMPTY_HISTORY: RunHistory = { points: [], latest: null, boundaries: {} };

const NETWORKS = ["net", "plain", "residual", "none", "l1", "l2"] as const;

type NetworkOf = { boundary?: Boundary };

/** The networks a measurement carries, by name. */
function networksOf(metrics: LabMetrics): [string, NetworkOf][] {
  const record = metrics as unknown as Record<string, unknown>;
  return NETWORKS.flatMap((name) => {
    const value = record[name];
    return value && typeof value === "object" ? [[name, value as NetworkOf] as [string, NetworkOf]] : [];
  });
}

function withoutBoundaries(metrics: LabMetrics): LabMetrics {
  const copy: Record<string, unknown> = { ...metrics };
  for (const [name, network] of networksOf(metrics)) {
    if (network.boundary) {
      const { boundary: _dropped, ...rest } = network as Record<string, unknown>;
      copy[name] = rest;
    }
  }
  return copy as LabMetrics;
}

/** Adds a measurement (a few thousand at most per run, so copying keeps it simple). */
export function appendMetrics(history: RunHistory, metrics: LabMetrics): RunHistory {
  const boundaries = { ...history.boundaries };
  for (const [name, network] of networksOf(metrics)) {
    if (network.boundary) boundaries[name] = network.boundary;
  }
  return { points: [...history.points, withoutBoundaries(metrics)], latest: metrics, boundaries };
}

/** A chart point: training step, value. */
export type StepValue = readonly [number, number];

/** `[step, value]` pairs of one number per measurement; values that are not finite are left out. */
export function seriesOf<M extends LabMetrics>(
  points: readonly M[],
  pick: (m: M) => number | null | undefined,
): StepValue[] {
  const out: StepValue[] = [];
  for (const point of points) {
    const value = pick(point);
    if (value !== null && value !== undefined && Number.isFinite(value)) out.push([point.step, value]);
  }
  return out;
}
