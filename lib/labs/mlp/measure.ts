/** Dataset upload and the measurements every MLP experiment shares: fit on train and test, decision boundaries. */
import type * as TF from "@tensorflow/tfjs";

import { type BoundaryGrid, type Dataset, gridPoints } from "../data";
import type { FitMetrics } from "./fit-metrics";
import { accuracy, meanBinaryCrossEntropy, type StackedMlp } from "./stacked-mlp";
import type { Tf } from "../tf";

/** A dataset on the device: 2-D copies for gathering minibatches, [1, N, *] views for whole-set passes. */
export interface DataTensors {
  readonly trainX: TF.Tensor2D;
  readonly trainY: TF.Tensor2D;
  readonly train: { readonly x: TF.Tensor3D; readonly y: TF.Tensor3D };
  readonly test: { readonly x: TF.Tensor3D; readonly y: TF.Tensor3D };
  readonly grid: TF.Tensor3D;
  readonly boundaryGrid: BoundaryGrid;
}

/** Copies a dataset and a boundary grid into tensors; free them with `disposeDataTensors`. */
export function uploadDataset(tf: Tf, dataset: Dataset, boundaryGrid: BoundaryGrid): DataTensors {
  const n = dataset.train.count;
  const t = dataset.test.count;
  const cells = boundaryGrid.size * boundaryGrid.size;
  return {
    trainX: tf.tensor2d(dataset.train.xs, [n, 2]),
    trainY: tf.tensor2d(dataset.train.labels, [n, 1]),
    train: { x: tf.tensor3d(dataset.train.xs, [1, n, 2]), y: tf.tensor3d(dataset.train.labels, [1, n, 1]) },
    test: { x: tf.tensor3d(dataset.test.xs, [1, t, 2]), y: tf.tensor3d(dataset.test.labels, [1, t, 1]) },
    grid: tf.tensor3d(gridPoints(boundaryGrid), [1, cells, 2]),
    boundaryGrid,
  };
}

export function disposeDataTensors(data: DataTensors): void {
  for (const t of [data.trainX, data.trainY, data.train.x, data.train.y, data.test.x, data.test.y, data.grid]) {
    t.dispose();
  }
}

/** Reads tensors with `await data()` (no blocking read) and disposes them. */
export async function readAndDispose(tensors: readonly TF.Tensor[]): Promise<Float32Array[]> {
  try {
    const values = await Promise.all(tensors.map((t) => t.data<"float32">()));
    return values;
  } finally {
    for (const t of tensors) t.dispose();
  }
}

/** Per-model loss and accuracy on the whole train and test sets, plus decision boundaries when asked. */
export async function measureFits(
  tf: Tf,
  net: StackedMlp,
  data: DataTensors,
  withBoundary: boolean,
): Promise<FitMetrics[]> {
  const tensors = tf.tidy(() => {
    const trainLogits = net.logits(data.train.x);
    const testLogits = net.logits(data.test.x);
    const fit = tf.stack([
      meanBinaryCrossEntropy(tf, trainLogits, data.train.y),
      accuracy(tf, trainLogits, data.train.y),
      meanBinaryCrossEntropy(tf, testLogits, data.test.y),
      accuracy(tf, testLogits, data.test.y),
    ]);
    return withBoundary ? [fit, tf.sigmoid(net.logits(data.grid))] : [fit];
  });
  const [fit, probs] = await readAndDispose(tensors);
  const models = net.options.models;
  const cells = data.boundaryGrid.size * data.boundaryGrid.size;
  return Array.from({ length: models }, (_, m) => {
    const at = (row: number) => (fit as Float32Array)[row * models + m] as number;
    const metrics: FitMetrics = { trainLoss: at(0), trainAccuracy: at(1), testLoss: at(2), testAccuracy: at(3) };
    if (probs) {
      metrics.boundary = {
        size: data.boundaryGrid.size,
        extent: data.boundaryGrid.extent,
        probs: Array.from(probs.subarray(m * cells, (m + 1) * cells)),
      };
    }
    return metrics;
  });
}

/** Whether a chunk from step `before` to `after` deserves a decision boundary (see `Experiment.advance`). */
export function wantsBoundary(before: number, after: number, total: number, every: number): boolean {
  if (after === 0 || after >= total) return true;
  return Math.floor(after / every) > Math.floor(before / every);
}

/** Checks a chunk size given to `advance`. */
export function checkChunk(steps: number): void {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number >= 0, got ${steps}`);
}
