/** The vanishing-gradients lab: one deep MLP, its per-layer gradient norms, loss and decision boundary. */
import type { VanishingGradientsConfig } from "./config";
import type { VanishingMetrics } from "./summary";
import { GradientTraining } from "../mlp/gradient-training";
import { DEFAULT_BOUNDARY_EVERY, type Experiment, type ExperimentOptions } from "../experiment";
import type { Tf } from "../tf";

/**
 * Builds the vanishing-gradients experiment: an MLP with `depth` hidden layers of `width` units trained by
 * minibatch SGD. Its metrics carry the gradient norm of every layer's weight matrix, first hidden layer
 * first, so the page can show how much smaller the early layers' gradients are than the late ones'.
 */
export function createVanishingExperiment(
  tf: Tf,
  config: VanishingGradientsConfig,
  options: ExperimentOptions = {},
): Experiment<VanishingMetrics> {
  const training = new GradientTraining(tf, config, [false], options.boundaryEvery ?? DEFAULT_BOUNDARY_EVERY);
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
      const [net] = await training.advance(steps);
      if (!net) throw new Error("the experiment measured no network");
      return { lab: "vanishing-gradients", step: training.step, totalSteps: training.totalSteps, net };
    },
    dispose: () => training.dispose(),
  };
}
