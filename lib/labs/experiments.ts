/**
 * The experiments of the training labs, by lab: a lab key and its full config -> a running experiment. Kept
 * apart from the registry because experiments are TensorFlow.js code (run by the worker, the main-thread
 * fallback, the server's verification and Node tests); the `satisfies` clause names any training lab of the
 * registry without an experiment here.
 */
import type { Experiment, ExperimentOptions } from "./experiment";
import { createL1VsL2Experiment } from "./l1-vs-l2/experiment";
import type { LabConfig, MetricsOf, TrainingLab } from "./registry";
import { createResidualExperiment } from "./residual-shortcuts/experiment";
import type { Tf } from "./tf";
import { createTransferExperiment } from "./transfer-learning/experiment";
import { createVanishingExperiment } from "./vanishing-gradients/experiment";

export type { Experiment, ExperimentOptions } from "./experiment";
export type { Tf } from "./tf";

type Factory<L extends TrainingLab> = (tf: Tf, config: LabConfig<L>, options: ExperimentOptions) => Experiment<MetricsOf<L>>;

const factories = {
  "vanishing-gradients": (tf, config, options) => createVanishingExperiment(tf, config, options),
  "residual-shortcuts": (tf, config, options) => createResidualExperiment(tf, config, options),
  "l1-vs-l2": (tf, config, options) => createL1VsL2Experiment(tf, config, options),
  "transfer-learning": (tf, config, options) => {
    if (!options.transfer) throw new Error("the transfer-learning lab needs its pretrained model and digits");
    return createTransferExperiment(tf, config, options.transfer);
  },
} as const satisfies { readonly [L in TrainingLab]: Factory<L> };

/** A lab with an experiment and its full configuration, as one tagged value. */
export type ExperimentSpec = { [L in TrainingLab]: { readonly lab: L; readonly config: LabConfig<L> } }[TrainingLab];

/** An experiment of any lab, as a union so that narrowing on `lab` narrows its metrics. */
export type AnyExperiment = { [L in TrainingLab]: Experiment<MetricsOf<L>> }[TrainingLab];

/**
 * Builds the experiment of `spec.lab` on `tf`'s current backend. The caller owns it and must `dispose()` it.
 * Everything random (data, initial weights, minibatches) derives from `config.seed`, so one seed on one
 * backend always gives the same metrics.
 */
export function createExperiment(tf: Tf, spec: ExperimentSpec, options: ExperimentOptions = {}): AnyExperiment {
  // The spec pairs a lab with its own config; TypeScript cannot carry that pairing through the lookup.
  const create = factories[spec.lab] as Factory<TrainingLab>;
  return create(tf, spec.config, options) as AnyExperiment;
}
