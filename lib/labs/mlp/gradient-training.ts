/**
 * Minibatch SGD on stacked MLPs, measuring per-layer gradient norms: the engine behind the
 * vanishing-gradients and residual-shortcuts labs.
 */
import type * as TF from "@tensorflow/tfjs";

import type { ActivationName, DatasetName, InitName } from "../config-fields";
import { BOUNDARY_GRID, type BatchSampler, type Dataset, makeBatchSampler, makeDataset, makeRng } from "../data";
import type { GradientMetrics } from "./gradient-summary";
import {
  checkChunk,
  type DataTensors,
  disposeDataTensors,
  measureFits,
  readAndDispose,
  uploadDataset,
  wantsBoundary,
} from "./measure";
import { gradientNorms, meanBinaryCrossEntropy, StackedMlp } from "./stacked-mlp";
import type { Tf } from "../tf";

/** Points the gradient labs train on and test on; no label noise, so only optimisation is at stake. */
export const GRADIENT_LAB_TRAIN_SIZE = 400;
export const GRADIENT_LAB_TEST_SIZE = 200;
/**
 * Gradient norms are measured on the first this-many training points (balanced, since classes alternate),
 * the same points every time so that the norms are comparable across steps. A fixed probe rather than the
 * whole set keeps a measurement at a few training steps' cost on deep nets.
 */
export const GRADIENT_PROBE_SIZE = 128;

/** The gradient labs' points for a run: the same for every lab and every replay of the same dataset and seed. */
export function gradientLabDataset(config: { readonly dataset: DatasetName; readonly seed: number }): Dataset {
  return makeDataset({
    kind: config.dataset,
    trainSize: GRADIENT_LAB_TRAIN_SIZE,
    testSize: GRADIENT_LAB_TEST_SIZE,
    labelNoise: 0,
    seed: config.seed,
  });
}

/** The run's minibatch stream, drawn from its seed (a replay of the run draws the same batches). */
export function gradientLabBatches(seed: number): BatchSampler {
  return makeBatchSampler(GRADIENT_LAB_TRAIN_SIZE, makeRng(seed, "batches"));
}

export interface GradientTrainingConfig {
  readonly dataset: DatasetName;
  readonly depth: number;
  readonly width: number;
  readonly activation: ActivationName;
  readonly init: InitName;
  readonly learningRate: number;
  readonly steps: number;
  readonly batchSize: number;
  readonly seed: number;
}

/**
 * Trains M models (one per entry of `residual`) on the same minibatches from the same initial weights with
 * plain SGD, the optimiser under which vanishing gradients show: adaptive optimisers rescale small
 * gradients and hide the effect. After each chunk it measures loss, accuracy and the gradient of the
 * training loss for every layer (on a fixed probe batch).
 */
export class GradientTraining {
  step = 0;
  readonly totalSteps: number;
  private readonly tf: Tf;
  private readonly config: GradientTrainingConfig;
  private readonly net: StackedMlp;
  private readonly data: DataTensors;
  private readonly probe: { readonly x: TF.Tensor3D; readonly y: TF.Tensor3D };
  private readonly sampler: BatchSampler;
  private readonly optimizer: TF.Optimizer;
  private readonly boundaryEvery: number;
  private disposed = false;

  constructor(tf: Tf, config: GradientTrainingConfig, residual: readonly boolean[], boundaryEvery: number) {
    this.tf = tf;
    this.config = config;
    this.totalSteps = config.steps;
    this.boundaryEvery = boundaryEvery;
    const dataset = gradientLabDataset(config);
    this.sampler = gradientLabBatches(config.seed);
    this.data = uploadDataset(tf, dataset, BOUNDARY_GRID);
    this.probe = {
      x: tf.slice(this.data.train.x, [0, 0, 0], [1, GRADIENT_PROBE_SIZE, 2]),
      y: tf.slice(this.data.train.y, [0, 0, 0], [1, GRADIENT_PROBE_SIZE, 1]),
    };
    this.net = new StackedMlp(tf, {
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

  /** The trained networks (for measurements a lab adds of its own; training stays this class's). */
  get network(): StackedMlp {
    return this.net;
  }

  /** Trains up to `steps` more steps and measures every model (see `Experiment.advance`). */
  async advance(steps: number): Promise<GradientMetrics[]> {
    checkChunk(steps);
    if (this.disposed) throw new Error("the experiment was disposed");
    const before = this.step;
    const target = Math.min(this.totalSteps, this.step + steps);
    const tf = this.tf;
    const batchSize = Math.min(this.config.batchSize, GRADIENT_LAB_TRAIN_SIZE);
    while (this.step < target) {
      const indices = this.sampler.next(batchSize);
      tf.tidy(() => {
        const batch = tf.tensor1d(indices, "int32");
        const x = tf.reshape(tf.gather(this.data.trainX, batch), [1, batchSize, 2]) as TF.Tensor3D;
        const y = tf.reshape(tf.gather(this.data.trainY, batch), [1, batchSize, 1]) as TF.Tensor3D;
        this.optimizer.minimize(
          () => tf.sum(meanBinaryCrossEntropy(tf, this.net.logits(x), y)),
          false,
          this.net.variables,
        );
      });
      this.step++;
    }
    const boundary = wantsBoundary(before, this.step, this.totalSteps, this.boundaryEvery);
    const fits = await measureFits(tf, this.net, this.data, boundary);
    const normTensor = tf.tidy(() => gradientNorms(tf, this.net, this.probe.x, this.probe.y));
    const [norms] = await readAndDispose([normTensor]);
    const layers = this.net.weights.length;
    const models = this.net.options.models;
    return fits.map((fit, m) => ({
      ...fit,
      gradNorms: Array.from({ length: layers }, (_, k) => (norms as Float32Array)[k * models + m] as number),
    }));
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
