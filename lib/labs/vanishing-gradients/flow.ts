/**
 * Gradient flow over the first training steps of a vanishing-gradients run: where the phenomenon lives. Once a
 * net has trained, its gradients shrink everywhere because the loss is small, and say little about how well the
 * gradient passes through the layers; at initialisation and over the first few steps they show it directly.
 *
 * The measure is size-fair: for every layer, the root mean square over the batch's examples and the layer's
 * units of the backpropagated error signal delta_k = dL/dz_k (z_k the layer's pre-activation, L the summed
 * per-example cross-entropy), and the root mean square over the entries of the weight gradient dL/dW_k (of the
 * mean loss, as SGD uses it). Neither grows with a layer's number of units or weights, unlike a Frobenius norm,
 * which made the 2 x width first layer look small whatever the gradient flow.
 */
import type * as TF from "@tensorflow/tfjs";

import { GRADIENT_LAB_TRAIN_SIZE, gradientLabBatches, gradientLabDataset } from "../mlp/gradient-training";
import { activate, meanBinaryCrossEntropy, StackedMlp } from "../mlp/stacked-mlp";
import type { Tf } from "../tf";
import type { VanishingGradientsConfig } from "./config";

/**
 * Training steps measured: steps 0..FLOW_STEPS-1, each on the minibatch the run trains on at that step, with
 * the weights the run has then. Several batches give the measure's spread (its standard error sets the
 * predictions' dead zones); few enough steps that the weights are still close to their initial values.
 */
export const FLOW_STEPS = 8;

export interface GradientFlow {
  /** [step][layer]: RMS of dL/dz per example and unit, first hidden layer first, output unit last; null when not finite. */
  readonly delta: (number | null)[][];
  /** [step][layer]: RMS over the entries of dL/dW (mean loss); null when not finite. */
  readonly weight: (number | null)[][];
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * RMS of `x` over all its entries, scaled by the largest magnitude first so that gradients of 1e-25 do not
 * underflow when squared (a non-finite entry makes the result non-finite). Call inside a tidy.
 */
function rms(tf: Tf, x: TF.Tensor): TF.Scalar {
  const scale = tf.max(tf.abs(x));
  return tf.mul(tf.sqrt(tf.mean(tf.square(tf.divNoNan(x, scale)))), scale) as TF.Scalar;
}

/**
 * Replays the run's first FLOW_STEPS steps (the same initial weights, minibatches and SGD updates as the run's
 * own training, both drawn from the seed) and measures the gradient flow before each update.
 */
export async function measureGradientFlow(tf: Tf, config: VanishingGradientsConfig): Promise<GradientFlow> {
  const dataset = gradientLabDataset(config);
  const sampler = gradientLabBatches(config.seed);
  const batchSize = Math.min(config.batchSize, GRADIENT_LAB_TRAIN_SIZE);
  const net = new StackedMlp(tf, {
    models: 1,
    depth: config.depth,
    width: config.width,
    activation: config.activation,
    init: config.init,
    residual: [false],
    seed: config.seed,
  });
  const trainX = tf.tensor2d(dataset.train.xs, [GRADIENT_LAB_TRAIN_SIZE, 2]);
  const trainY = tf.tensor2d(dataset.train.labels, [GRADIENT_LAB_TRAIN_SIZE, 1]);
  const optimizer = tf.train.sgd(config.learningRate);
  const measured: TF.Tensor1D[] = [];
  try {
    for (let step = 0; step < FLOW_STEPS; step++) {
      const indices = sampler.next(batchSize);
      measured.push(
        tf.tidy(() => {
          const batch = tf.tensor1d(indices, "int32");
          const x = tf.reshape(tf.gather(trainX, batch), [1, batchSize, 2]) as TF.Tensor3D;
          const y = tf.reshape(tf.gather(trainY, batch), [1, batchSize, 1]) as TF.Tensor3D;
          const layers = net.weights.length;
          const probes = net.weights.map((w) => tf.zeros([1, batchSize, w.shape[2]]) as TF.Tensor3D);
          // Loss as a function of zero offsets added to every pre-activation (its gradient is dL/dz) and of the weights.
          const loss = (...inputs: TF.Tensor[]) => {
            const offsets = inputs.slice(0, layers) as TF.Tensor3D[];
            const weights = inputs.slice(layers) as TF.Tensor3D[];
            let h = x;
            for (let k = 0; k < layers; k++) {
              const z: TF.Tensor3D = tf.add(tf.add(tf.matMul(h, weights[k] as TF.Tensor3D), net.biases[k] as TF.Tensor3D), offsets[k] as TF.Tensor3D);
              h = k === layers - 1 ? z : activate(tf, config.activation, z);
            }
            return tf.mul(tf.sum(meanBinaryCrossEntropy(tf, h, y)), batchSize) as TF.Scalar;
          };
          const grads = tf.grads(loss)([...probes, ...net.weights]);
          const delta = grads.slice(0, layers).map((g) => rms(tf, g));
          const weight = grads.slice(layers).map((g) => rms(tf, tf.div(g, batchSize)));
          return tf.stack([...delta, ...weight]) as TF.Tensor1D;
        }),
      );
      tf.tidy(() => {
        const batch = tf.tensor1d(indices, "int32");
        const x = tf.reshape(tf.gather(trainX, batch), [1, batchSize, 2]) as TF.Tensor3D;
        const y = tf.reshape(tf.gather(trainY, batch), [1, batchSize, 1]) as TF.Tensor3D;
        optimizer.minimize(() => tf.sum(meanBinaryCrossEntropy(tf, net.logits(x), y)), false, net.variables);
      });
    }
    const values = await Promise.all(measured.map((t) => t.data<"float32">()));
    const layers = net.weights.length;
    return {
      delta: values.map((v) => Array.from(v.subarray(0, layers), finiteOrNull)),
      weight: values.map((v) => Array.from(v.subarray(layers), finiteOrNull)),
    };
  } finally {
    for (const t of measured) t.dispose();
    net.dispose();
    trainX.dispose();
    trainY.dispose();
    optimizer.dispose();
  }
}
