import { z } from "zod";

import { gradientMetricsSchema, gradientSummarySchema, summarizeGradients } from "../mlp/gradient-summary";

const stepCount = z.int().nonnegative();

export const residualMetricsSchema = z.object({
  lab: z.literal("residual-shortcuts"),
  step: stepCount,
  totalSteps: stepCount,
  plain: gradientMetricsSchema,
  residual: gradientMetricsSchema,
});
export type ResidualMetrics = z.infer<typeof residualMetricsSchema>;

/** The summary of a finished residual-shortcuts run. */
export const residualSummarySchema = z.object({
  lab: z.literal("residual-shortcuts"),
  steps: stepCount,
  plain: gradientSummarySchema,
  residual: gradientSummarySchema,
});
export type ResidualSummary = z.infer<typeof residualSummarySchema>;

export function summarizeResidual(first: ResidualMetrics, last: ResidualMetrics): ResidualSummary {
  return {
    lab: "residual-shortcuts",
    steps: last.step,
    plain: summarizeGradients(first.plain, last.plain),
    residual: summarizeGradients(first.residual, last.residual),
  };
}
