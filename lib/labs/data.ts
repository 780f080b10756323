/**
 * Seeded 2-D toy datasets for the labs, as plain typed arrays (no TensorFlow.js), so the same points come
 * out in the browser, in the worker and in Node for the same seed.
 */
import seedrandom from "seedrandom";

import type { DatasetName } from "./config-fields";

/** A generator of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * A seeded generator (Alea, from `seedrandom`). `stream` separates independent uses of one seed (data,
 * initial weights, batches), so changing how many numbers one of them draws does not shift the others.
 */
export function makeRng(seed: number, stream: string): Rng {
  const alea = seedrandom.alea(`${seed}:${stream}`);
  return () => alea.quick();
}

/** A standard normal sample (Box-Muller). */
export function gaussian(rng: Rng): number {
  // 1 - u lies in (0, 1], so the logarithm is finite.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Labelled points: `xs` holds x0, y0, x1, y1, ... and `labels` one 0 or 1 per point. */
export interface Points {
  readonly count: number;
  readonly xs: Float32Array;
  readonly labels: Float32Array;
}

export interface Dataset {
  readonly train: Points;
  readonly test: Points;
}

export interface DatasetOptions {
  readonly kind: DatasetName;
  readonly trainSize: number;
  readonly testSize: number;
  /** Probability that a point's label is flipped, in both splits (0 to 0.5; 0.5 leaves no signal). */
  readonly labelNoise: number;
  readonly seed: number;
}

/** Points lie inside the square [-DATA_EXTENT, DATA_EXTENT]^2 (up to a little jitter). */
export const DATA_EXTENT = 1;

const JITTER = 0.03;

/**
 * Draws a seeded dataset. Classes alternate point by point, so both splits are balanced; the train and
 * test points are independent draws from the same distribution.
 */
export function makeDataset(options: DatasetOptions): Dataset {
  const rng = makeRng(options.seed, `data:${options.kind}`);
  const draw = (count: number): Points => {
    const xs = new Float32Array(count * 2);
    const labels = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const label = i % 2;
      const [x, y] = samplePoint(options.kind, label, rng);
      xs[2 * i] = x;
      xs[2 * i + 1] = y;
      labels[i] = rng() < options.labelNoise ? 1 - label : label;
    }
    return { count, xs, labels };
  };
  const train = draw(options.trainSize);
  const test = draw(options.testSize);
  return { train, test };
}

function samplePoint(kind: DatasetName, label: number, rng: Rng): [number, number] {
  switch (kind) {
    case "spirals": {
      // Two interleaved arms, one and three-quarter turns each; the second arm is the first turned by pi.
      const t = Math.sqrt(rng()) * 0.95 + 0.05;
      const angle = t * 1.75 * 2 * Math.PI + label * Math.PI;
      return [t * Math.cos(angle) + JITTER * gaussian(rng), t * Math.sin(angle) + JITTER * gaussian(rng)];
    }
    case "circles": {
      // Class 1 fills a disc of radius 0.5; class 0 a ring from 0.7 to 1.
      const radius = label === 1 ? 0.5 * Math.sqrt(rng()) : 0.7 + 0.3 * rng();
      const angle = 2 * Math.PI * rng();
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    }
    case "xor": {
      // Class 1 in the quadrants where x and y share a sign, kept 0.05 away from the axes.
      const sx = rng() < 0.5 ? -1 : 1;
      const sy = label === 1 ? sx : -sx;
      return [sx * (0.05 + 0.95 * rng()), sy * (0.05 + 0.95 * rng())];
    }
  }
}

/** The square of the plane over which decision boundaries are drawn. */
export interface BoundaryGrid {
  /** Cells per side. */
  readonly size: number;
  /** The grid covers [-extent, extent]^2. */
  readonly extent: number;
}

export const BOUNDARY_GRID: BoundaryGrid = { size: 40, extent: 1.2 };

/**
 * The centres of a grid's cells, row-major with row 0 at the top (largest y), as x0, y0, x1, y1, ...,
 * so that probability `i` of a boundary belongs to pixel `i` of an image drawn top to bottom.
 */
export function gridPoints(grid: BoundaryGrid): Float32Array {
  const cell = (2 * grid.extent) / grid.size;
  const xs = new Float32Array(grid.size * grid.size * 2);
  for (let row = 0; row < grid.size; row++) {
    for (let col = 0; col < grid.size; col++) {
      const i = row * grid.size + col;
      xs[2 * i] = -grid.extent + (col + 0.5) * cell;
      xs[2 * i + 1] = grid.extent - (row + 0.5) * cell;
    }
  }
  return xs;
}

/** Deals out minibatches of indices into the training points. */
export interface BatchSampler {
  /** The next `count` indices. */
  next(count: number): Int32Array;
}

/**
 * A seeded minibatch sampler over `size` points: each epoch is a fresh shuffle dealt out batch by batch,
 * so every point is seen once per epoch (sampling without replacement).
 */
export function makeBatchSampler(size: number, rng: Rng): BatchSampler {
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  let position = size;
  const shuffle = () => {
    for (let i = size - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const a = order[i] as number;
      order[i] = order[j] as number;
      order[j] = a;
    }
    position = 0;
  };
  return {
    next(count) {
      const batch = new Int32Array(count);
      for (let k = 0; k < count; k++) {
        if (position >= size) shuffle();
        batch[k] = order[position] as number;
        position++;
      }
      return batch;
    },
  };
}
