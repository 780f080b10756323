/** The vanishing-gradients lab: one deep MLP, its per-layer gradient norms, loss and decision boundary. */
import type { VanishingGradientsConfig } from "../configs";
import type { VanishingMetrics } from "../metrics";
import { GradientTraining } from "./gradient-training";
import { DEFAULT_BOUNDARY_EVERY, type Experiment, type ExperimentOptions, type Tf } from "./types";

/**
 * Builds the vanishing-gradients experiment: an MLP with `depth` hidden layers of `width` units trained by
 * minibatch SGD. Its metrics carry the gradient norm of every layer's weight matrix, first hidden layer
 * first, so the page can show how much smaller the early layers' gradients are than the late ones'.
 */
export function createVanishingExperiment(
  tf: Tf,
  config: VanishingGradientsConfig,
  options: ExperimentOptions = {},
): Experiment<"vanishing-gradients"> {
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
