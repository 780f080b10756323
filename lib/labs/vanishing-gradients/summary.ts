import { z } from "zod";

import { gradientMetricsSchema, gradientSummarySchema, summarizeGradients } from "../mlp/gradient-summary";

const stepCount = z.int().nonnegative();

export const vanishingMetricsSchema = z.object({
  lab: z.literal("vanishing-gradients"),
  step: stepCount,
  totalSteps: stepCount,
  net: gradientMetricsSchema,
});
export type VanishingMetrics = z.infer<typeof vanishingMetricsSchema>;

/** The summary of a finished vanishing-gradients run, as the server receives it. */
export const vanishingSummarySchema = z.object({
  lab: z.literal("vanishing-gradients"),
  steps: stepCount,
  net: gradientSummarySchema,
});
export type VanishingSummary = z.infer<typeof vanishingSummarySchema>;

export function summarizeVanishing(first: VanishingMetrics, last: VanishingMetrics): VanishingSummary {
  return { lab: "vanishing-gradients", steps: last.step, net: summarizeGradients(first.net, last.net) };
}
