/**
 * The L1-vs-L2 lab: one small MLP trained three ways at once (no penalty, L1, L2 of equal strength) on a
 * small noisy training set, stacked on a leading axis so the three are one batched computation.
 */
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
 * Plain full-batch gradient descent, so that both penalties act at the same rate: the L2 gradient step is
 * lr x strength x w and the L1 proximal threshold is lr x strength (momentum would amplify one and not the other).
 */
export const L1_VS_L2_LEARNING_RATE = 0.5;
/** Test points, drawn from the same noisy distribution as the training points. */
export const L1_VS_L2_TEST_SIZE = 500;
/** Bins of the weight histograms; odd, so that one bin is centred on zero. */
export const HISTOGRAM_BINS = 41;

const VARIANTS = ["none", "l1", "l2"] as const;

/**
 * Builds the L1-vs-L2 experiment. Model 0 minimises the data loss (mean cross-entropy) alone; model 1 adds
 * lambda sum|w|, whose pull on a weight is lambda sign(w); model 2 adds (lambda / 2) sum w^2, whose pull is
 * lambda w (weight matrices only, not biases; lambda = `strength`). The pulls are equal at |w| = 1, and
 * below that L1's is the stronger. All three start from the same weights. L2 enters the loss and its
 * gradient; L1 is applied as its proximal step after each gradient step,
 * w <- sign(w) max(|w| - lr lambda, 0), the exact minimiser of the penalised step, which sets weights to
 * exactly zero instead of letting a subgradient flip them around zero.
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
  const l2HalfStrength = tf.tensor1d([0, 0, config.strength / 2]);
  const l1Threshold = tf.tensor3d([0, L1_VS_L2_LEARNING_RATE * config.strength, 0], [3, 1, 1]);
  const optimizer = tf.train.sgd(L1_VS_L2_LEARNING_RATE);
  let step = 0;
  let disposed = false;

  const trainStep = () =>
    tf.tidy(() => {
      optimizer.minimize(
        () => {
          const dataLoss = meanBinaryCrossEntropy(tf, net.logits(data.train.x), data.train.y);
          const squares = tf.addN(net.weights.map((w) => tf.sum(tf.square(w), [1, 2])));
          return tf.sum(tf.add(dataLoss, tf.mul(l2HalfStrength, squares)));
        },
        false,
        net.variables,
      );
      for (const w of net.weights) {
        w.assign(tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), l1Threshold))));
      }
    });

  const measureWeights = async (): Promise<Float32Array> => {
    const flat = tf.tidy(() => tf.concat(net.weights.map((w) => tf.reshape(w, [VARIANTS.length, -1])), 1));
    const [values] = await readAndDispose([flat]);
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
      return { lab: "l1-vs-l2", step, totalSteps: config.steps, none, l1, l2 };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      net.dispose();
      disposeDataTensors(data);
      l2HalfStrength.dispose();
      l1Threshold.dispose();
      optimizer.dispose();
    },
  };
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
