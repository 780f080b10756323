/**
 * What the deep-MLP labs (vanishing gradients, residual shortcuts) measure of one network: its fit plus the
 * gradient norm of every layer, streamed while it trains, and the summary of a finished run.
 */
import { z } from "zod";

import { anyNumber, fitMetricsSchema } from "./fit-metrics";

/**
 * A network's fit plus `gradNorms`: the Frobenius norm of the training loss's gradient with respect to each
 * layer's weight matrix, first hidden layer first and the output layer last.
 */
export const gradientMetricsSchema = fitMetricsSchema.extend({ gradNorms: z.array(anyNumber) });
export type GradientMetrics = z.infer<typeof gradientMetricsSchema>;

// Summaries travel as JSON, which has no NaN or Infinity: a value that was not finite is sent as null.
export const finite = z.number().nullable();

export const gradientSummarySchema = z.object({
  initialTrainLoss: finite,
  finalTrainLoss: finite,
  finalTestAccuracy: finite,
  /** Final per-layer gradient norms, first hidden layer first, output layer last. */
  gradNorms: z.array(finite).min(2).max(65),
});
export type GradientSummary = z.infer<typeof gradientSummarySchema>;

export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function summarizeGradients(first: GradientMetrics, last: GradientMetrics): GradientSummary {
  return {
    initialTrainLoss: finiteOrNull(first.trainLoss),
    finalTrainLoss: finiteOrNull(last.trainLoss),
    finalTestAccuracy: finiteOrNull(last.testAccuracy),
    gradNorms: last.gradNorms.map(finiteOrNull),
  };
}
