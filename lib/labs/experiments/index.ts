/** One entry point for every lab experiment: a lab key and its full config -> a running experiment. */
import type { LabConfig } from "../configs";
import type { ExperimentLab } from "../metrics";
import { createTransferExperiment } from "../transfer/experiment";
import { createL1VsL2Experiment } from "./l1-vs-l2";
import { createResidualExperiment } from "./residual";
import type { Experiment, ExperimentOptions, Tf } from "./types";
import { createVanishingExperiment } from "./vanishing";

export type { Experiment, ExperimentOptions, Tf } from "./types";

/** A lab with an experiment and its full configuration, as one tagged value. */
export type ExperimentSpec = { [L in ExperimentLab]: { readonly lab: L; readonly config: LabConfig<L> } }[ExperimentLab];

/** An experiment of any lab, as a union so that narrowing on `lab` narrows its metrics. */
export type AnyExperiment = { [L in ExperimentLab]: Experiment<L> }[ExperimentLab];

/**
 * Builds the experiment of `spec.lab` on `tf`'s current backend. The caller owns it and must `dispose()` it.
 * Everything random (data, initial weights, minibatches) derives from `config.seed`, so one seed on one
 * backend always gives the same metrics.
 */
export function createExperiment(tf: Tf, spec: ExperimentSpec, options: ExperimentOptions = {}): AnyExperiment {
  switch (spec.lab) {
    case "vanishing-gradients":
      return createVanishingExperiment(tf, spec.config, options);
    case "residual-shortcuts":
      return createResidualExperiment(tf, spec.config, options);
    case "l1-vs-l2":
      return createL1VsL2Experiment(tf, spec.config, options);
    case "transfer-learning":
      if (!options.transfer) throw new Error("the transfer-learning lab needs its pretrained model and digits");
      return createTransferExperiment(tf, spec.config, options.transfer);
  }
}
