import { z } from "zod";

import { anyNumber } from "../mlp/fit-metrics";
import { finite, finiteOrNull, gradientMetricsSchema, gradientSummarySchema, summarizeGradients } from "../mlp/gradient-summary";

const stepCount = z.int().nonnegative();

/**
 * The gradient flow over the run's first steps (`flow.ts`): per measured step, per layer (first hidden layer
 * first, the output unit last), the RMS of the backpropagated error signal dL/dz and of the weight gradient.
 * null where the value was not finite (JSON has no NaN or Infinity).
 */
export const gradientFlowSchema = z.object({
  delta: z.array(z.array(finite).min(2).max(65)).min(2).max(32),
  weight: z.array(z.array(finite).min(2).max(65)).min(2).max(32),
});

export const vanishingMetricsSchema = z.object({
  lab: z.literal("vanishing-gradients"),
  step: stepCount,
  totalSteps: stepCount,
  net: gradientMetricsSchema,
  /** Measured once, before training, and carried by every measurement. */
  flow: gradientFlowSchema,
  /** Standard error of the training loss (per-point cross-entropy's standard deviation / sqrt(points)). */
  lossStdError: anyNumber,
});
export type VanishingMetrics = z.infer<typeof vanishingMetricsSchema>;

/** The summary of a finished vanishing-gradients run, as the server receives it. */
export const vanishingSummarySchema = z.object({
  lab: z.literal("vanishing-gradients"),
  steps: stepCount,
  net: gradientSummarySchema,
  flow: gradientFlowSchema,
  /** Standard error of the final training loss; null when the run diverged. */
  finalLossStdError: finite,
});
export type VanishingSummary = z.infer<typeof vanishingSummarySchema>;

export function summarizeVanishing(first: VanishingMetrics, last: VanishingMetrics): VanishingSummary {
  return {
    lab: "vanishing-gradients",
    steps: last.step,
    net: summarizeGradients(first.net, last.net),
    flow: first.flow,
    finalLossStdError: finiteOrNull(last.lossStdError),
  };
}
