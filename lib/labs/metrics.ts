/**
 * What the labs measure, through the registry: the metrics a training lab streams (worker -> page) and the
 * summary of a finished run (page -> server, which recomputes and grades it). Each lab's schemas live in its
 * own `summary.ts`. No TensorFlow.js here, so the server can import it.
 */
import { z } from "zod";

import { LAB_KEYS } from "./lab-keys";
import {
  INTERACTIVE_LABS,
  isTrainingLab,
  type LabMetrics,
  type LabSummary,
  labs,
  type SummaryOf,
  TRAINING_LABS,
  type TrainingLab,
} from "./registry";

export type { DarkroomSummary } from "./conv-darkroom/summary";
export type { DiffusionSummary } from "./diffusion-studio/summary";
export {
  type Histogram,
  type L1VsL2Metrics,
  type L1VsL2Summary,
  NEAR_ZERO_THRESHOLD,
  type PenaltyMetrics,
} from "./l1-vs-l2/summary";
export { type Boundary, boundarySchema, type FitMetrics, fitMetricsSchema } from "./mlp/fit-metrics";
export { type GradientMetrics, gradientMetricsSchema } from "./mlp/gradient-summary";
export type { InteractiveLab, LabMetrics, LabSummary, MetricsOf, SummaryOf, TrainingLab } from "./registry";
export type { ResidualMetrics, ResidualSummary } from "./residual-shortcuts/summary";
export type { TransferMetrics, TransferSummary } from "./transfer-learning/summary";
export type { VanishingMetrics, VanishingSummary } from "./vanishing-gradients/summary";

/** The labs that train in the lab runtime (worker) and stream metrics. */
export const EXPERIMENT_LABS = TRAINING_LABS;
export type ExperimentLab = TrainingLab;
/** True when `lab` has an experiment that the lab runtime trains. */
export const isExperimentLab = isTrainingLab;
export { INTERACTIVE_LABS };

/** Every lab's runs end in a summary that predictions are graded against. */
export const GRADED_LABS = LAB_KEYS;
export type GradedLab = (typeof LAB_KEYS)[number];
export function isGradedLab(lab: string): lab is GradedLab {
  return (LAB_KEYS as readonly string[]).includes(lab);
}

type Tagged = z.ZodObject<{ lab: z.ZodLiteral<string> }>;
const tagged = <T>(schemas: readonly unknown[]) => schemas as unknown as [Tagged, ...Tagged[]] & T;

/** One measurement of a running experiment, tagged with its lab. */
export const labMetricsSchema = z.discriminatedUnion(
  "lab",
  tagged(TRAINING_LABS.map((lab) => labs[lab].metrics)),
) as unknown as z.ZodType<LabMetrics>;

/** A finished run's summary, tagged with its lab. */
export const labSummarySchema = z.discriminatedUnion(
  "lab",
  tagged(LAB_KEYS.map((lab) => labs[lab].summary)),
) as unknown as z.ZodType<LabSummary>;

/**
 * Reduces a run to its summary from its first measurement (step 0, for the initial loss) and its last one.
 * Throws when the two come from different labs.
 */
export function summarizeRun(first: LabMetrics, last: LabMetrics): LabSummary {
  if (first.lab !== last.lab) throw new Error(`cannot summarise ${first.lab} and ${last.lab} metrics together`);
  const lab = labs[last.lab] as { summarize(first: LabMetrics, last: LabMetrics): LabSummary };
  return lab.summarize(first, last);
}

/** The summary schema of one lab. */
export function summarySchemaOf<K extends GradedLab>(lab: K): z.ZodType<SummaryOf<K>> {
  return labs[lab].summary as unknown as z.ZodType<SummaryOf<K>>;
}
