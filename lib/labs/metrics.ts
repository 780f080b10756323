/**
 * What the lab experiments measure: the metrics they stream while training (worker -> page) and the
 * summary of a finished run (page -> server, where predictions are graded). Schemas and types only, plus
 * the summary reducers; no TensorFlow.js here, so the server can import it.
 */
import { z } from "zod";

import { DARKROOM_IMAGES, DARKROOM_KERNELS, DIFFUSION_SAMPLERS, DIFFUSION_SCHEDULES } from "./configs";
import { anyNumber, fitMetricsSchema } from "./fit-metrics";
import { summarizeTransferRun, transferMetricsSchema, transferSummarySchema } from "./transfer/metrics";

export { type Boundary, boundarySchema, type FitMetrics, fitMetricsSchema } from "./fit-metrics";
export { type TransferMetrics, type TransferSummary } from "./transfer/metrics";

/**
 * The labs that train in the lab runtime (worker) and stream metrics: the experiments in
 * `lib/labs/experiments`, and the transfer-learning lab in `lib/labs/transfer`.
 */
export const EXPERIMENT_LABS = ["vanishing-gradients", "residual-shortcuts", "l1-vs-l2", "transfer-learning"] as const;
export type ExperimentLab = (typeof EXPERIMENT_LABS)[number];

/** True when `lab` has an experiment in this module. */
export function isExperimentLab(lab: string): lab is ExperimentLab {
  return (EXPERIMENT_LABS as readonly string[]).includes(lab);
}

/**
 * Labs that the learner drives by hand on the page (lib/labs/darkroom, lib/labs/diffusion): no training
 * stream, but a run that ends in a measured summary like the experiments' ones.
 */
export const INTERACTIVE_LABS = ["conv-darkroom", "diffusion-studio"] as const;
export type InteractiveLab = (typeof INTERACTIVE_LABS)[number];

/** Every lab whose runs end in a summary that predictions are graded against. */
export const GRADED_LABS = [...EXPERIMENT_LABS, ...INTERACTIVE_LABS] as const;
export type GradedLab = (typeof GRADED_LABS)[number];

/** True when `lab` has a run summary and predictions. */
export function isGradedLab(lab: string): lab is GradedLab {
  return (GRADED_LABS as readonly string[]).includes(lab);
}

/**
 * Weights below this magnitude count as "near zero" in the L1-vs-L2 lab. L1 is applied as a proximal
 * (soft-threshold) step, so the weights it removes are exactly 0 and any small threshold gives the same share.
 */
export const NEAR_ZERO_THRESHOLD = 1e-3;

const stepCount = z.int().nonnegative();

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
  transferMetricsSchema,
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

/**
 * The summary of a Conv Darkroom run: facts about the kernels, how sharp the last feature map is, and an
 * occlusion scan of the picture by the digit classifier. `steps` counts the occluded images classified.
 */
export const darkroomSummarySchema = z.object({
  lab: z.literal("conv-darkroom"),
  steps: stepCount,
  /** The picture measured: a preset picture or the learner's drawing. */
  image: z.enum([...DARKROOM_IMAGES, "drawing"]),
  /** Whether the kernel was a preset's, or weights the learner typed. */
  kernel: z.enum([...DARKROOM_KERNELS, "custom"]),
  layers: z.int().min(1).max(4),
  /** Per preset, (E_v - E_h) / (E_v + E_h) on step edges: 1 for vertical edges only, -1 horizontal only. */
  edgeSelectivity: z.record(z.enum(DARKROOM_KERNELS), finite),
  /** Sharpness (neighbour differences over deviation) of the picture and of the last layer's feature map. */
  imageSharpness: finite,
  lastSharpness: finite,
  occlusion: z.object({
    /** The digit whose probability was tracked: the picture's label, or the classifier's first choice. */
    trueDigit: z.int().min(0).max(9),
    /** Its probability on the whole picture. */
    base: finite,
    /** Mean fall of that probability with the patch in each third of the picture. */
    top: finite,
    middle: finite,
    bottom: finite,
  }),
});

/**
 * The summary of a Diffusion Studio run: when the source digit stops being recognisable under each
 * schedule, and what the chosen sampler made of the noised digit. `steps` is the sampling steps asked for.
 */
export const diffusionSummarySchema = z.object({
  lab: z.literal("diffusion-studio"),
  steps: stepCount,
  schedule: z.enum(DIFFUSION_SCHEDULES),
  sampler: z.enum(DIFFUSION_SAMPLERS),
  /** The step the source was noised to and sampling started from. */
  startStep: z.int().min(1).max(1000),
  /** Network evaluations the sampler made (fewer than `steps` when `steps` exceeds `startStep`). */
  evaluations: stepCount,
  digit: z.int().min(0).max(9),
  /**
   * Per schedule, the last step at which the digit classifier still names the source digit (mean
   * probability at least one half over several noise draws); null when it never does.
   */
  recognisableUntil: z.object({ cosine: z.int().min(0).max(1000).nullable(), linear: z.int().min(0).max(1000).nullable() }),
  /** Root-mean-square difference between two samples from the same start with different fresh noise. */
  repeatRms: finite,
  /** Root-mean-square difference between the final sample and the source digit, on the [-1, 1] scale. */
  sourceRms: finite,
  /** The digit the classifier reads in the final sample. */
  finalDigit: z.int().min(0).max(9),
});

export const labSummarySchema = z.discriminatedUnion("lab", [
  vanishingSummarySchema,
  residualSummarySchema,
  l1VsL2SummarySchema,
  transferSummarySchema,
  darkroomSummarySchema,
  diffusionSummarySchema,
]);
export type VanishingSummary = z.infer<typeof vanishingSummarySchema>;
export type ResidualSummary = z.infer<typeof residualSummarySchema>;
export type L1VsL2Summary = z.infer<typeof l1VsL2SummarySchema>;
export type DarkroomSummary = z.infer<typeof darkroomSummarySchema>;
export type DiffusionSummary = z.infer<typeof diffusionSummarySchema>;
export type LabSummary = z.infer<typeof labSummarySchema>;
export type SummaryOf<L extends GradedLab> = Extract<LabSummary, { lab: L }>;

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
    case "transfer-learning":
      return summarizeTransferRun(last);
  }
}
