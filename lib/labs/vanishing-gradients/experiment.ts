/** The vanishing-gradients lab: one deep MLP, its per-layer gradient norms, loss and decision boundary. */
import type * as TF from "@tensorflow/tfjs";

import type { VanishingGradientsConfig } from "./config";
import { type GradientFlow, measureGradientFlow } from "./flow";
import type { VanishingMetrics } from "./summary";
import { GRADIENT_LAB_TRAIN_SIZE, gradientLabDataset, GradientTraining } from "../mlp/gradient-training";
import { DEFAULT_BOUNDARY_EVERY, type Experiment, type ExperimentOptions } from "../experiment";
import type { Tf } from "../tf";

/**
 * Standard error of the mean training loss: the standard deviation of the per-point cross-entropy over the
 * training set divided by the square root of its size (the loss prediction's dead zone is set from it).
 */
async function trainLossStdError(tf: Tf, training: GradientTraining, x: TF.Tensor3D, y: TF.Tensor3D): Promise<number> {
  const value = tf.tidy(() => {
    const z = training.network.logits(x);
    // Per-point cross-entropy, computed stably as in the training loss: max(z, 0) - z y + log(1 + exp(-|z|)).
    const perPoint = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.softplus(tf.neg(tf.abs(z))));
    const { variance } = tf.moments(perPoint);
    const n = perPoint.size;
    // moments() gives the population variance; the sample variance is n / (n - 1) times it.
    return tf.sqrt(tf.div(tf.mul(variance, n / (n - 1)), n));
  });
  try {
    return (await value.data())[0] as number;
  } finally {
    value.dispose();
  }
}

/**
 * Builds the vanishing-gradients experiment: an MLP with `depth` hidden layers of `width` units trained by
 * minibatch SGD. Its metrics carry the gradient norm of every layer's weight matrix, first hidden layer
 * first, so the page can show how much smaller the early layers' gradients are than the late ones'; the
 * gradient flow over the run's first steps (`flow.ts`), which the predictions grade; and the standard error
 * of the training loss.
 */
export function createVanishingExperiment(
  tf: Tf,
  config: VanishingGradientsConfig,
  options: ExperimentOptions = {},
): Experiment<VanishingMetrics> {
  const training = new GradientTraining(tf, config, [false], options.boundaryEvery ?? DEFAULT_BOUNDARY_EVERY);
  const dataset = gradientLabDataset(config);
  const trainX = tf.tensor3d(dataset.train.xs, [1, GRADIENT_LAB_TRAIN_SIZE, 2]);
  const trainY = tf.tensor3d(dataset.train.labels, [1, GRADIENT_LAB_TRAIN_SIZE, 1]);
  let flow: GradientFlow | null = null;
  let disposed = false;
  return {
    lab: "vanishing-gradients",
    totalSteps: training.totalSteps,
    get step() {
      return training.step;
    },
    get done() {
      return training.done;
    },
    async advance(steps): Promise<VanishingMetrics> {
      if (disposed) throw new Error("the experiment was disposed");
      flow ??= await measureGradientFlow(tf, config);
      const [net] = await training.advance(steps);
      if (!net) throw new Error("the experiment measured no network");
      const lossStdError = await trainLossStdError(tf, training, trainX, trainY);
      return { lab: "vanishing-gradients", step: training.step, totalSteps: training.totalSteps, net, flow, lossStdError };
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      training.dispose();
      trainX.dispose();
      trainY.dispose();
    },
  };
}
