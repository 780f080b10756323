/** The residual-shortcuts lab: a plain and a residual MLP trained side by side as one computation. */
import type { ResidualShortcutsConfig } from "./config";
import { PairTraining } from "./pair-training";
import type { ResidualMetrics } from "./summary";
import { DEFAULT_BOUNDARY_EVERY, type Experiment, type ExperimentOptions } from "../experiment";
import type { Tf } from "../tf";

/**
 * Builds the residual-shortcuts experiment. Two MLPs of the same shape start from the same weights and see
 * the same minibatches; the second wraps every hidden layer but the first in a residual block (see
 * `ResidualPairMlp`), so the gradient reaching layer 1 gains an identity path around each layer.
 */
export function createResidualExperiment(
  tf: Tf,
  config: ResidualShortcutsConfig,
  options: ExperimentOptions = {},
): Experiment<ResidualMetrics> {
  const training = new PairTraining(tf, config, [false, true], options.boundaryEvery ?? DEFAULT_BOUNDARY_EVERY);
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
      const { fits, earlyFirstLayerRms, lastEpochLosses } = await training.advance(steps);
      const [plain, residual] = fits;
      const [earlyPlain, earlyResidual] = earlyFirstLayerRms;
      const [lossPlain, lossResidual] = lastEpochLosses;
      if (!plain || !residual || !earlyPlain || !earlyResidual || !lossPlain || !lossResidual) {
        throw new Error("the experiment measured fewer than two networks");
      }
      return {
        lab: "residual-shortcuts",
        step: training.step,
        totalSteps: training.totalSteps,
        plain,
        residual,
        earlyFirstLayerRms: { plain: earlyPlain, residual: earlyResidual },
        lastEpochLosses: { plain: lossPlain, residual: lossResidual },
      };
    },
    dispose: () => training.dispose(),
  };
}
