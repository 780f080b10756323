/**
 * What the lab experiments measure: the metrics they stream while training (worker -> page) and the
 * summary of a finished run (page -> server, where predictions are graded). Schemas and types only, plus
 * the summary reducers; no TensorFlow.js here, so the server can import it.
 */
import { z } from "zod";

/** The labs whose experiments live in `lib/labs/experiments`. */
export const EXPERIMENT_LABS = ["vanishing-gradients", "residual-shortcuts", "l1-vs-l2"] as const;
export type ExperimentLab = (typeof EXPERIMENT_LABS)[number];

/** True when `lab` has an experiment in this module. */
export function isExperimentLab(lab: string): lab is ExperimentLab {
  return (EXPERIMENT_LABS as readonly string[]).includes(lab);
}

/**
 * Weights below this magnitude count as "near zero" in the L1-vs-L2 lab. L1 is applied as a proximal
 * (soft-threshold) step, so the weights it removes are exactly 0 and any small threshold gives the same share.
 */
export const NEAR_ZERO_THRESHOLD = 1e-3;

// A streamed value may be NaN or infinite when a run diverges (a large initialisation, a high learning
// rate); the page shows that rather than the message failing validation.
const anyNumber = z.custom<number>((value) => typeof value === "number", { error: "expected a number" });
const stepCount = z.int().nonnegative();

/** Predicted probability of class 1 at each cell of a `size` x `size` grid over [-extent, extent]^2 (row 0 on top). */
export const boundarySchema = z.object({
  size: z.int().positive(),
  extent: z.number().positive(),
  probs: z.array(anyNumber),
});
export type Boundary = z.infer<typeof boundarySchema>;

/** Loss (mean binary cross-entropy) and accuracy of one network on the whole train and test sets. */
export const fitMetricsSchema = z.object({
  trainLoss: anyNumber,
  trainAccuracy: anyNumber,
  testLoss: anyNumber,
  testAccuracy: anyNumber,
  boundary: boundarySchema.optional(),
});
export type FitMetrics = z.infer<typeof fitMetricsSchema>;

/**
 * A network's fit plus `gradNorms`: the Frobenius norm of the training loss's gradient with respect to each
 * layer's weight matrix, first hidden layer first and the output layer last.
 */
export const gradientMetricsSchema = fitMetricsSchema.extend({ gradNorms: z.array(anyNumber) });
export type GradientMetrics = z.infer<typeof gradientMetricsSchema>;

/** Histogram of all weight-matrix entries over [min, max] in equal bins. */
export const histogramSchema = z.object({ min: anyNumber, max: anyNumber, counts: z.array(z.int().nonnegative()) });
export type Histogram = z.infer<typeof histogramSchema>;

/** A penalised network's fit plus its weights: the share below NEAR_ZERO_THRESHOLD and a histogram. */
export const penaltyMetricsSchema = fitMetricsSchema.extend({
  nearZeroShare: anyNumber,
  histogram: histogramSchema,
});
export type PenaltyMetrics = z.infer<typeof penaltyMetricsSchema>;

const progress = { step: stepCount, totalSteps: stepCount };

export const vanishingMetricsSchema = z.object({
  lab: z.literal("vanishing-gradients"),
  ...progress,
  net: gradientMetricsSchema,
});
export const residualMetricsSchema = z.object({
  lab: z.literal("residual-shortcuts"),
  ...progress,
  plain: gradientMetricsSchema,
  residual: gradientMetricsSchema,
});
export const l1VsL2MetricsSchema = z.object({
  lab: z.literal("l1-vs-l2"),
  ...progress,
  none: penaltyMetricsSchema,
  l1: penaltyMetricsSchema,
  l2: penaltyMetricsSchema,
});

/** One measurement of a running experiment, tagged with its lab. */
export const labMetricsSchema = z.discriminatedUnion("lab", [
  vanishingMetricsSchema,
  residualMetricsSchema,
  l1VsL2MetricsSchema,
]);
export type VanishingMetrics = z.infer<typeof vanishingMetricsSchema>;
export type ResidualMetrics = z.infer<typeof residualMetricsSchema>;
export type L1VsL2Metrics = z.infer<typeof l1VsL2MetricsSchema>;
export type LabMetrics = z.infer<typeof labMetricsSchema>;
export type MetricsOf<L extends ExperimentLab> = Extract<LabMetrics, { lab: L }>;

// Summaries travel as JSON, which has no NaN or Infinity: a value that was not finite is sent as null.
const finite = z.number().nullable();

const gradientSummarySchema = z.object({
  initialTrainLoss: finite,
  finalTrainLoss: finite,
  finalTestAccuracy: finite,
  /** Final per-layer gradient norms, first hidden layer first, output layer last. */
  gradNorms: z.array(finite).min(2).max(65),
});
const penaltySummarySchema = z.object({
  finalTrainLoss: finite,
  finalTestLoss: finite,
  nearZeroShare: finite,
});

/** The summary of a finished vanishing-gradients run, as the server receives it. */
export const vanishingSummarySchema = z.object({
  lab: z.literal("vanishing-gradients"),
  steps: stepCount,
  net: gradientSummarySchema,
});
/** The summary of a finished residual-shortcuts run. */
export const residualSummarySchema = z.object({
  lab: z.literal("residual-shortcuts"),
  steps: stepCount,
  plain: gradientSummarySchema,
  residual: gradientSummarySchema,
});
/** The summary of a finished L1-vs-L2 run. */
export const l1VsL2SummarySchema = z.object({
  lab: z.literal("l1-vs-l2"),
  steps: stepCount,
  none: penaltySummarySchema,
  l1: penaltySummarySchema,
  l2: penaltySummarySchema,
});
export const labSummarySchema = z.discriminatedUnion("lab", [
  vanishingSummarySchema,
  residualSummarySchema,
  l1VsL2SummarySchema,
]);
export type VanishingSummary = z.infer<typeof vanishingSummarySchema>;
export type ResidualSummary = z.infer<typeof residualSummarySchema>;
export type L1VsL2Summary = z.infer<typeof l1VsL2SummarySchema>;
export type LabSummary = z.infer<typeof labSummarySchema>;
export type SummaryOf<L extends ExperimentLab> = Extract<LabSummary, { lab: L }>;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function summarizeGradients(first: GradientMetrics, last: GradientMetrics) {
  return {
    initialTrainLoss: finiteOrNull(first.trainLoss),
    finalTrainLoss: finiteOrNull(last.trainLoss),
    finalTestAccuracy: finiteOrNull(last.testAccuracy),
    gradNorms: last.gradNorms.map(finiteOrNull),
  };
}

function summarizePenalty(last: PenaltyMetrics) {
  return {
    finalTrainLoss: finiteOrNull(last.trainLoss),
    finalTestLoss: finiteOrNull(last.testLoss),
    nearZeroShare: finiteOrNull(last.nearZeroShare),
  };
}

/**
 * Reduces a run to its summary from its first measurement (step 0, for the initial loss) and its last one.
 * Throws when the two come from different labs.
 */
export function summarizeRun(first: LabMetrics, last: LabMetrics): LabSummary {
  if (first.lab !== last.lab) throw new Error(`cannot summarise ${first.lab} and ${last.lab} metrics together`);
  switch (last.lab) {
    case "vanishing-gradients": {
      const start = first as VanishingMetrics;
      return { lab: last.lab, steps: last.step, net: summarizeGradients(start.net, last.net) };
    }
    case "residual-shortcuts": {
      const start = first as ResidualMetrics;
      return {
        lab: last.lab,
        steps: last.step,
        plain: summarizeGradients(start.plain, last.plain),
        residual: summarizeGradients(start.residual, last.residual),
      };
    }
    case "l1-vs-l2":
      return {
        lab: last.lab,
        steps: last.step,
        none: summarizePenalty(last.none),
        l1: summarizePenalty(last.l1),
        l2: summarizePenalty(last.l2),
      };
  }
}
