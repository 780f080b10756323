/**
 * The L1-vs-L2 lab: one small MLP trained three ways at once (no penalty, L1, L2 of calibrated equal strength) on a
 * small noisy training set, stacked on a leading axis so the three are one batched computation.
 */
import type * as TF from "@tensorflow/tfjs";

import type { L1VsL2Config } from "./config";
import { BOUNDARY_GRID, makeDataset } from "../data";
import { type Histogram, type L1VsL2Metrics, NEAR_ZERO_THRESHOLD, type PenaltyMetrics } from "./summary";
import {
  checkChunk,
  type DataTensors,
  disposeDataTensors,
  measureFits,
  readAndDispose,
  uploadDataset,
  wantsBoundary,
} from "../mlp/measure";
import { meanBinaryCrossEntropy, StackedMlp } from "../mlp/stacked-mlp";
import { DEFAULT_BOUNDARY_EVERY, type Experiment, type ExperimentOptions } from "../experiment";
import type { Tf } from "../tf";

/** The network every variant uses: 2 -> 24 -> 24 -> 1 with tanh, big enough to memorise a few noisy points. */
export const L1_VS_L2_NETWORK = { depth: 2, width: 24, activation: "tanh", init: "xavier" } as const;
/**
 * Plain full-batch gradient descent on the data loss, followed by each penalty's proximal step at the same rate
 * (momentum or an adaptive optimiser would rescale one penalty and not the other). The rate is large so that
 * within the run the unpenalised net fits its few noisy training points (the overfitting the penalties act on);
 * full-batch steps on this small tanh net stay stable at it.
 */
export const L1_VS_L2_LEARNING_RATE = 2;
/**
 * Test points, drawn from the same noisy distribution as the training points: enough that the standard error of
 * a difference in test loss between two nets (the predictions' dead zone) is a few hundredths at most.
 */
export const L1_VS_L2_TEST_SIZE = 2000;
/** Bins of the weight histograms; odd, so that one bin is centred on zero. */
export const HISTOGRAM_BINS = 41;

export const L1_VS_L2_VARIANTS = ["none", "l1", "l2"] as const;
const VARIANTS = L1_VS_L2_VARIANTS;

/**
 * The L1 coefficient per unit of `strength`, rho: the root mean square of model 0's weight-matrix entries, as a
 * scalar tensor (call inside a tidy; read on the device, so nothing blocks). L2's pull on a weight is
 * strength x w and L1's is strength x rho x sign(w), so on the initial weights the two pulls are equal on a
 * weight of the typical size |w| = rho. With rho = 1 ("equal lambda") L1 pulls several times harder than L2 on
 * every weight smaller than 1, which is all of them, and zeroes the whole net at strengths where L2 barely acts.
 */
export function l1Calibration(tf: Tf, net: StackedMlp): TF.Scalar {
  const first = net.weights.map((w) => tf.slice(w, [0, 0, 0], [1, -1, -1]));
  const squares = tf.addN(first.map((w) => tf.sum(tf.square(w))));
  const count = first.reduce((n, w) => n + w.size, 0);
  return tf.sqrt(tf.div(squares, count)) as TF.Scalar;
}

/**
 * Builds the L1-vs-L2 experiment. Model 0 minimises the data loss (mean cross-entropy) alone; model 1 adds
 * lambda rho sum|w|, whose pull on a weight is lambda rho sign(w); model 2 adds (lambda / 2) sum w^2, whose
 * pull is lambda w (weight matrices only, not biases; lambda = `strength`, rho = `l1Calibration` of the shared
 * initial weights). All three start from the same weights. Each step is a gradient step on the data loss
 * followed by the penalty's proximal step, the exact minimiser of the penalised step:
 * L1 w <- sign(w) max(|w| - lr lambda rho, 0), which sets weights to exactly zero instead of letting a
 * subgradient flip them around zero, and L2 w <- w / (1 + lr lambda), which is w (1 - lr lambda) (weight decay)
 * to first order and stays a shrink at any strength.
 */
export function createL1VsL2Experiment(
  tf: Tf,
  config: L1VsL2Config,
  options: ExperimentOptions = {},
): Experiment<L1VsL2Metrics> {
  const boundaryEvery = options.boundaryEvery ?? DEFAULT_BOUNDARY_EVERY;
  const dataset = makeDataset({
    kind: config.dataset,
    trainSize: config.trainSize,
    testSize: L1_VS_L2_TEST_SIZE,
    labelNoise: config.noise,
    seed: config.seed,
  });
  const data: DataTensors = uploadDataset(tf, dataset, BOUNDARY_GRID);
  const net = new StackedMlp(tf, {
    models: VARIANTS.length,
    ...L1_VS_L2_NETWORK,
    residual: VARIANTS.map(() => false),
    seed: config.seed,
  });
  const rate = L1_VS_L2_LEARNING_RATE;
  // Every model starts from the same weights, so model 0's are the initial weights of all three.
  const l1Threshold = tf.tidy(() =>
    tf.mul(tf.tensor3d([0, rate * config.strength, 0], [3, 1, 1]), l1Calibration(tf, net)),
  );
  const l2Shrink = tf.tensor3d([1, 1, 1 / (1 + rate * config.strength)], [3, 1, 1]);
  const optimizer = tf.train.sgd(rate);
  let step = 0;
  let disposed = false;

  const trainStep = () =>
    tf.tidy(() => {
      optimizer.minimize(
        () => tf.sum(meanBinaryCrossEntropy(tf, net.logits(data.train.x), data.train.y)),
        false,
        net.variables,
      );
      for (const w of net.weights) {
        w.assign(tf.mul(tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), l1Threshold))), l2Shrink));
      }
    });

  const measureWeights = async (): Promise<Float32Array> => {
    const flat = tf.tidy(() => tf.concat(net.weights.map((w) => tf.reshape(w, [VARIANTS.length, -1])), 1));
    const [values] = await readAndDispose([flat]);
    return values as Float32Array;
  };

  const measureTestLosses = async (): Promise<Float32Array> => {
    const perPoint = tf.tidy(() => perPointBinaryCrossEntropy(tf, net.logits(data.test.x), data.test.y));
    const [values] = await readAndDispose([perPoint]);
    return values as Float32Array;
  };

  return {
    lab: "l1-vs-l2",
    totalSteps: config.steps,
    get step() {
      return step;
    },
    get done() {
      return step >= config.steps;
    },
    async advance(steps): Promise<L1VsL2Metrics> {
      checkChunk(steps);
      if (disposed) throw new Error("the experiment was disposed");
      const before = step;
      const target = Math.min(config.steps, step + steps);
      while (step < target) {
        trainStep();
        step++;
      }
      const fits = await measureFits(tf, net, data, wantsBoundary(before, step, config.steps, boundaryEvery));
      const weights = await measureWeights();
      const testLosses = await measureTestLosses();
      const perModel = weights.length / VARIANTS.length;
      const blocks = VARIANTS.map((_, m) => weights.subarray(m * perModel, (m + 1) * perModel));
      const range = Math.max(...blocks.map(maxAbs));
      const [none, l1, l2] = VARIANTS.map((_, m): PenaltyMetrics => {
        const block = blocks[m] as Float32Array;
        const fit = fits[m];
        if (!fit) throw new Error("the experiment measured fewer than three networks");
        return { ...fit, nearZeroShare: nearZeroShare(block), histogram: histogram(block, range) };
      });
      if (!none || !l1 || !l2) throw new Error("the experiment measured fewer than three networks");
      const points = L1_VS_L2_TEST_SIZE;
      const lossesOf = (m: number) => testLosses.subarray(m * points, (m + 1) * points);
      const testLossDifferenceSe = {
        noneL1: pairedStandardError(lossesOf(0), lossesOf(1)),
        noneL2: pairedStandardError(lossesOf(0), lossesOf(2)),
        l1L2: pairedStandardError(lossesOf(1), lossesOf(2)),
      };
      return { lab: "l1-vs-l2", step, totalSteps: config.steps, none, l1, l2, testLossDifferenceSe };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      net.dispose();
      disposeDataTensors(data);
      l1Threshold.dispose();
      l2Shrink.dispose();
      optimizer.dispose();
    },
  };
}

/** Cross-entropy of every point, [M, B], from logits [M, B, 1] and 0/1 labels [1, B, 1] (as `meanBinaryCrossEntropy`). */
function perPointBinaryCrossEntropy(tf: Tf, logits: TF.Tensor3D, labels: TF.Tensor3D): TF.Tensor2D {
  const perPoint = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.softplus(tf.neg(tf.abs(logits))));
  return tf.squeeze(perPoint, [2]) as TF.Tensor2D;
}

/**
 * The standard error of the mean of the per-point differences a_i - b_i: the sample standard deviation of the
 * differences over sqrt(n). Two nets' test losses are measured on the same points, so pairing them removes the
 * points' shared difficulty from the spread; identical nets give exactly 0. Computed in float64 in a fixed
 * order, so it reproduces exactly on the server.
 */
export function pairedStandardError(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i] as number) - (b[i] as number);
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number) - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / (n - 1) / n);
}

function maxAbs(values: Float32Array): number {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  return max;
}

/** Share of `values` with |w| < NEAR_ZERO_THRESHOLD. */
export function nearZeroShare(values: Float32Array): number {
  let count = 0;
  for (const v of values) if (Math.abs(v) < NEAR_ZERO_THRESHOLD) count++;
  return values.length === 0 ? 0 : count / values.length;
}

/** Histogram of `values` over [-range, range] in HISTOGRAM_BINS equal bins (range 0 puts all in the middle bin). */
export function histogram(values: Float32Array, range: number): Histogram {
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const middle = (HISTOGRAM_BINS - 1) / 2;
  for (const v of values) {
    const bin =
      range > 0 && Number.isFinite(v)
        ? Math.min(HISTOGRAM_BINS - 1, Math.floor(((v + range) / (2 * range)) * HISTOGRAM_BINS))
        : middle;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { min: -range, max: range, counts };
}
