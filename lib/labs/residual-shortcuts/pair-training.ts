/**
 * Minibatch SGD on the plain/residual pair (`ResidualPairMlp`), with the two measurements the lab's predictions
 * are graded on, both taken during training so that they cost almost nothing and do not depend on how the run
 * was chunked:
 * - gradient flow where it matters, at the start: the per-entry RMS of each net's first-layer weight gradient
 *   on each of the first EARLY_STEPS minibatches (the gradient SGD applies, so no extra backward pass);
 * - where training ended: each net's loss on each minibatch of the last epoch, before that step's update.
 */
import type * as TF from "@tensorflow/tfjs";

import { BOUNDARY_GRID, type BatchSampler } from "../data";
import {
  GRADIENT_LAB_TRAIN_SIZE,
  GRADIENT_PROBE_SIZE,
  gradientLabBatches,
  gradientLabDataset,
  type GradientTrainingConfig,
} from "../mlp/gradient-training";
import type { GradientMetrics } from "../mlp/gradient-summary";
import {
  checkChunk,
  type DataTensors,
  disposeDataTensors,
  measureFits,
  readAndDispose,
  uploadDataset,
  wantsBoundary,
} from "../mlp/measure";
import { gradientNorms, meanBinaryCrossEntropy } from "../mlp/stacked-mlp";
import type { Tf } from "../tf";
import { ResidualPairMlp } from "./residual-mlp";

/** Minibatches over which the first-layer gradient is measured (the smallest run has 10 steps). */
export const EARLY_STEPS = 10;
/** Bounds on the minibatches of the "last epoch" whose losses are kept (an epoch is ceil(400 / batch size)). */
export const LAST_EPOCH_MIN_STEPS = 5;
export const LAST_EPOCH_MAX_STEPS = 50;

/** Steps at the end of a run whose minibatch losses are kept: one epoch, within the bounds above and the run. */
export function lastEpochSteps(config: Pick<GradientTrainingConfig, "batchSize" | "steps">): number {
  const batch = Math.min(config.batchSize, GRADIENT_LAB_TRAIN_SIZE);
  const epoch = Math.ceil(GRADIENT_LAB_TRAIN_SIZE / batch);
  return Math.min(config.steps, Math.max(LAST_EPOCH_MIN_STEPS, Math.min(LAST_EPOCH_MAX_STEPS, epoch)));
}

/** One measurement of the pair: per net, its fit and per-layer gradient norms, plus the per-step records so far. */
export interface PairMeasurement {
  readonly fits: GradientMetrics[];
  /** Per net, the first-layer gradient RMS of each early step trained so far (up to EARLY_STEPS). */
  readonly earlyFirstLayerRms: number[][];
  /** Per net, the minibatch loss of each last-epoch step trained so far. */
  readonly lastEpochLosses: number[][];
}

export class PairTraining {
  step = 0;
  readonly totalSteps: number;
  private readonly tf: Tf;
  private readonly config: GradientTrainingConfig;
  private readonly net: ResidualPairMlp;
  private readonly data: DataTensors;
  private readonly probe: { readonly x: TF.Tensor3D; readonly y: TF.Tensor3D };
  private readonly sampler: BatchSampler;
  private readonly optimizer: TF.Optimizer;
  private readonly boundaryEvery: number;
  private readonly lastEpochFrom: number;
  private readonly early: number[][];
  private readonly lastEpoch: number[][];
  private disposed = false;

  constructor(tf: Tf, config: GradientTrainingConfig, residual: readonly boolean[], boundaryEvery: number) {
    this.tf = tf;
    this.config = config;
    this.totalSteps = config.steps;
    this.boundaryEvery = boundaryEvery;
    this.lastEpochFrom = config.steps - lastEpochSteps(config);
    this.early = residual.map(() => []);
    this.lastEpoch = residual.map(() => []);
    // The same streams as the vanishing-gradients lab: the plain net sees that lab's data, weights and batches.
    const dataset = gradientLabDataset(config);
    this.sampler = gradientLabBatches(config.seed);
    this.data = uploadDataset(tf, dataset, BOUNDARY_GRID);
    this.probe = {
      x: tf.slice(this.data.train.x, [0, 0, 0], [1, GRADIENT_PROBE_SIZE, 2]),
      y: tf.slice(this.data.train.y, [0, 0, 0], [1, GRADIENT_PROBE_SIZE, 1]),
    };
    this.net = new ResidualPairMlp(tf, {
      models: residual.length,
      depth: config.depth,
      width: config.width,
      activation: config.activation,
      init: config.init,
      residual,
      seed: config.seed,
    });
    this.optimizer = tf.train.sgd(config.learningRate);
  }

  get done(): boolean {
    return this.step >= this.totalSteps;
  }

  /** Trains up to `steps` more steps and measures every net (see `Experiment.advance`). */
  async advance(steps: number): Promise<PairMeasurement> {
    checkChunk(steps);
    if (this.disposed) throw new Error("the experiment was disposed");
    const before = this.step;
    const target = Math.min(this.totalSteps, this.step + steps);
    const tf = this.tf;
    const batchSize = Math.min(this.config.batchSize, GRADIENT_LAB_TRAIN_SIZE);
    const earlyRms: TF.Tensor[] = [];
    const losses: TF.Tensor[] = [];
    while (this.step < target) {
      const indices = this.sampler.next(batchSize);
      const recordEarly = this.step < EARLY_STEPS;
      const recordLoss = this.step >= this.lastEpochFrom;
      tf.tidy(() => {
        const batch = tf.tensor1d(indices, "int32");
        const x = tf.reshape(tf.gather(this.data.trainX, batch), [1, batchSize, 2]) as TF.Tensor3D;
        const y = tf.reshape(tf.gather(this.data.trainY, batch), [1, batchSize, 1]) as TF.Tensor3D;
        if (recordLoss) losses.push(tf.keep(meanBinaryCrossEntropy(tf, this.net.logits(x), y)));
        // What `optimizer.minimize` does, with the gradients kept in reach for the early measurement.
        const { value, grads } = tf.variableGrads(
          () => tf.sum(meanBinaryCrossEntropy(tf, this.net.logits(x), y)),
          this.net.variables,
        );
        value.dispose();
        const first = this.net.weights[0] as TF.Variable;
        if (recordEarly) earlyRms.push(tf.keep(entryRms(tf, grads[first.name] as TF.Tensor3D)));
        this.optimizer.applyGradients(grads);
      });
      this.step++;
    }
    const boundary = wantsBoundary(before, this.step, this.totalSteps, this.boundaryEvery);
    const fits = await measureFits(tf, this.net, this.data, boundary);
    const normTensor = tf.tidy(() => gradientNorms(tf, this.net, this.probe.x, this.probe.y));
    const [norms, ...records] = await readAndDispose([normTensor, ...earlyRms, ...losses]);
    const models = this.net.options.models;
    records.slice(0, earlyRms.length).forEach((r) => this.early.forEach((list, m) => list.push(r[m] as number)));
    records.slice(earlyRms.length).forEach((r) => this.lastEpoch.forEach((list, m) => list.push(r[m] as number)));
    const layers = this.net.weights.length;
    return {
      fits: fits.map((fit, m) => ({
        ...fit,
        gradNorms: Array.from({ length: layers }, (_, k) => (norms as Float32Array)[k * models + m] as number),
      })),
      earlyFirstLayerRms: this.early.map((list) => [...list]),
      lastEpochLosses: this.lastEpoch.map((list) => [...list]),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.dispose();
    disposeDataTensors(this.data);
    this.probe.x.dispose();
    this.probe.y.dispose();
    this.optimizer.dispose();
  }
}

/**
 * Per model, the root-mean-square entry of `g` [M, rows, cols]: the gradient's size per weight, comparable across
 * layers of different shapes. Scaled by the largest magnitude first so that tiny gradients do not underflow.
 */
export function entryRms(tf: Tf, g: TF.Tensor3D): TF.Tensor1D {
  const scale = tf.max(tf.abs(g), [1, 2], true);
  const rms = tf.mul(tf.sqrt(tf.mean(tf.square(tf.divNoNan(g, scale)), [1, 2], true)), scale);
  return tf.reshape(rms, [g.shape[0]]);
}
