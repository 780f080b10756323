/** The residual-shortcuts lab: a plain and a residual MLP trained side by side as one computation. */
import type { ResidualShortcutsConfig } from "./config";
import type { ResidualMetrics } from "./summary";
import { GradientTraining } from "../mlp/gradient-training";
import { DEFAULT_BOUNDARY_EVERY, type Experiment, type ExperimentOptions } from "../experiment";
import type { Tf } from "../tf";

/**
 * Builds the residual-shortcuts experiment. Two MLPs of the same shape start from the same weights and see
 * the same minibatches; the second adds its input back after every hidden layer but the first,
 * h_{k+1} = h_k + f(h_k), so the gradient reaching layer 1 gains an identity path around each layer.
 */
export function createResidualExperiment(
  tf: Tf,
  config: ResidualShortcutsConfig,
  options: ExperimentOptions = {},
): Experiment<ResidualMetrics> {
  const training = new GradientTraining(tf, config, [false, true], options.boundaryEvery ?? DEFAULT_BOUNDARY_EVERY);
  return {
    lab: "residual-shortcuts",
    totalSteps: training.totalSteps,
    get step() {
      return training.step;
    },
    get done() {
      return training.done;
    },
    async advance(steps): Promise<ResidualMetrics> {
      const [plain, residual] = await training.advance(steps);
      if (!plain || !residual) throw new Error("the experiment measured fewer than two networks");
      return { lab: "residual-shortcuts", step: training.step, totalSteps: training.totalSteps, plain, residual };
    },
    dispose: () => training.dispose(),
  };
}
