/**
 * Several MLPs of one shape held as one set of tensors, stacked on a leading "model" axis, so that a lab
 * trains all its variants (plain and residual; none, L1 and L2) with one batched computation: TensorFlow.js
 * pays a fixed cost per op, and small nets are dominated by it.
 */
import type * as TF from "@tensorflow/tfjs";

import type { ActivationName, InitName } from "../config-fields";
import { gaussian, makeRng } from "../data";
import type { Tf } from "../tf";

/** A hidden layer's activation applied to its pre-activations. */
export function activate(tf: Tf, activation: ActivationName, x: TF.Tensor3D): TF.Tensor3D {
  switch (activation) {
    case "sigmoid":
      return tf.sigmoid(x);
    case "tanh":
      return tf.tanh(x);
    case "relu":
      return tf.relu(x);
  }
}

export interface StackedMlpOptions {
  /** Number of stacked models, M. */
  readonly models: number;
  /** Hidden layers; each has `width` units. */
  readonly depth: number;
  readonly width: number;
  readonly activation: ActivationName;
  readonly init: InitName;
  /**
   * Per model: whether hidden layers 2..depth are residual, h_{k+1} = h_k + f(h_k) with
   * f(h) = act(h W_k + b_k), rather than plain, h_{k+1} = f(h_k). Layer 1 maps the 2-D input to `width`
   * units and is never residual.
   */
  readonly residual: readonly boolean[];
  readonly seed: number;
}

/**
 * Standard deviation of the normal distribution the weights of a `fanIn` x `fanOut` layer are drawn from:
 * small = 0.1 and large = 1 (fixed, whatever the layer's size), Xavier/Glorot = sqrt(2 / (fanIn + fanOut)),
 * He = sqrt(2 / fanIn).
 */
export function initStd(init: InitName, fanIn: number, fanOut: number): number {
  switch (init) {
    case "small":
      return 0.1;
    case "large":
      return 1;
    case "xavier":
      return Math.sqrt(2 / (fanIn + fanOut));
    case "he":
      return Math.sqrt(2 / fanIn);
  }
}

/**
 * An MLP 2 -> width x depth -> 1 (one logit), M times over. Every model starts from the same weights (drawn
 * once from the seed), so the variants of a lab differ only in how they are trained or wired.
 */
export class StackedMlp {
  /** Layer k's weights, [M, fanIn, fanOut]; the last entry is the output layer. */
  readonly weights: TF.Variable<TF.Rank.R3>[] = [];
  /** Layer k's biases, [M, 1, fanOut], initialised to zero. */
  readonly biases: TF.Variable<TF.Rank.R3>[] = [];
  readonly options: StackedMlpOptions;
  private readonly tf: Tf;
  /** [M, 1, 1]: 1 for residual models, 0 for plain ones; null when all models are wired alike. */
  private readonly residualMask: TF.Tensor3D | null;
  private readonly allResidual: boolean;
  private disposed = false;

  constructor(tf: Tf, options: StackedMlpOptions) {
    if (options.residual.length !== options.models) {
      throw new Error(`residual has ${options.residual.length} entries for ${options.models} models`);
    }
    this.tf = tf;
    this.options = options;
    const rng = makeRng(options.seed, "init");
    const sizes = [2, ...Array.from({ length: options.depth }, () => options.width), 1];
    for (let k = 0; k + 1 < sizes.length; k++) {
      const fanIn = sizes[k] as number;
      const fanOut = sizes[k + 1] as number;
      const std = initStd(options.init, fanIn, fanOut);
      const block = new Float32Array(fanIn * fanOut);
      for (let i = 0; i < block.length; i++) block[i] = std * gaussian(rng);
      const values = new Float32Array(options.models * block.length);
      for (let m = 0; m < options.models; m++) values.set(block, m * block.length);
      this.weights.push(variable(tf, tf.tensor3d(values, [options.models, fanIn, fanOut])));
      this.biases.push(variable(tf, tf.zeros([options.models, 1, fanOut])));
    }
    const residualCount = options.residual.filter(Boolean).length;
    this.allResidual = residualCount === options.models;
    this.residualMask =
      residualCount === 0 || this.allResidual
        ? null
        : tf.tensor3d(options.residual.map((r) => (r ? 1 : 0)), [options.models, 1, 1]);
  }

  /** Every trainable variable: weights then biases. */
  get variables(): TF.Variable[] {
    return [...this.weights, ...this.biases];
  }

  /** Logits [M, B, 1] for inputs [1, B, 2] (shared by all models) or [M, B, 2]. Call inside a tidy. */
  logits(inputs: TF.Tensor3D): TF.Tensor3D {
    const tf = this.tf;
    const last = this.weights.length - 1;
    let h = inputs;
    for (let k = 0; k < last; k++) {
      const f = this.activate(tf.add(tf.matMul(h, this.weights[k] as TF.Tensor3D), this.biases[k] as TF.Tensor3D));
      if (k === 0 || (this.residualMask === null && !this.allResidual)) h = f;
      else if (this.residualMask === null) h = tf.add(h, f);
      else h = tf.add(tf.mul(h, this.residualMask), f);
    }
    return tf.add(tf.matMul(h, this.weights[last] as TF.Tensor3D), this.biases[last] as TF.Tensor3D);
  }

  private activate(x: TF.Tensor3D): TF.Tensor3D {
    return activate(this.tf, this.options.activation, x);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.variables) v.dispose();
    this.residualMask?.dispose();
  }
}

/** A variable holding `initial`; the initial tensor is disposed, since `tf.variable` copies it. */
export function variable<R extends TF.Rank>(tf: Tf, initial: TF.Tensor<R>): TF.Variable<R> {
  const v = tf.variable(initial);
  initial.dispose();
  return v;
}

/**
 * Mean binary cross-entropy per model, [M], from logits [M, B, 1] and 0/1 labels [1, B, 1], computed
 * stably as max(z, 0) - z y + log(1 + exp(-|z|)).
 */
export function meanBinaryCrossEntropy(tf: Tf, logits: TF.Tensor3D, labels: TF.Tensor3D): TF.Tensor1D {
  const perPoint = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.softplus(tf.neg(tf.abs(logits))));
  return tf.mean(perPoint, [1, 2]);
}

/** Share of points per model, [M], whose logit has the sign of its label. */
export function accuracy(tf: Tf, logits: TF.Tensor3D, labels: TF.Tensor3D): TF.Tensor1D {
  return tf.mean(tf.cast(tf.equal(tf.cast(tf.greater(logits, 0), "float32"), labels), "float32"), [1, 2]);
}

/**
 * Per-layer gradient norms of the summed training loss, [layers, M]: the Frobenius norm of dL/dW_k for each
 * weight matrix. Because the models' losses are summed and no weight is shared, each model's block of the
 * gradient is that model's own gradient. Call inside a tidy.
 */
export function gradientNorms(tf: Tf, net: StackedMlp, inputs: TF.Tensor3D, labels: TF.Tensor3D): TF.Tensor2D {
  const { value, grads } = tf.variableGrads(
    () => tf.sum(meanBinaryCrossEntropy(tf, net.logits(inputs), labels)),
    net.weights,
  );
  value.dispose();
  const layers = net.weights.map((w) => grads[w.name] as TF.Tensor3D);
  const first = layers[0] as TF.Tensor3D;
  const output = layers[layers.length - 1] as TF.Tensor3D;
  const hidden = layers.slice(1, -1);
  // The hidden layers share one shape, so their norms are computed together: a few ops instead of a few per layer.
  const parts = [frobeniusNorms(tf, tf.expandDims(first, 0))];
  if (hidden.length > 0) parts.push(frobeniusNorms(tf, tf.stack(hidden) as TF.Tensor4D));
  parts.push(frobeniusNorms(tf, tf.expandDims(output, 0)));
  return tf.concat(parts, 0);
}

/**
 * The Frobenius norm of each [rows, cols] matrix of `x` [L, M, rows, cols], as [L, M]. Scaled by the largest
 * magnitude first: vanished gradients reach 1e-25 and below, and their squares would underflow float32 to zero.
 */
function frobeniusNorms(tf: Tf, x: TF.Tensor4D): TF.Tensor2D {
  const scale = tf.max(tf.abs(x), [2, 3], true);
  const norms = tf.mul(tf.sqrt(tf.sum(tf.square(tf.divNoNan(x, scale)), [2, 3], true)), scale);
  return tf.reshape(norms, [x.shape[0], x.shape[1]]);
}
