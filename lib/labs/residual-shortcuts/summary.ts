import { z } from "zod";

import { anyNumber } from "../mlp/fit-metrics";
import { finite, finiteOrNull, gradientMetricsSchema, gradientSummarySchema, summarizeGradients } from "../mlp/gradient-summary";
import { EARLY_STEPS, LAST_EPOCH_MAX_STEPS } from "./pair-training";

const stepCount = z.int().nonnegative();

/** A per-step record of both nets, plain first. */
const pairRecord = <T extends z.ZodType>(value: T, max: number) =>
  z.object({ plain: z.array(value).max(max), residual: z.array(value).max(max) });

export const residualMetricsSchema = z.object({
  lab: z.literal("residual-shortcuts"),
  step: stepCount,
  totalSteps: stepCount,
  plain: gradientMetricsSchema,
  residual: gradientMetricsSchema,
  /** The per-entry RMS of the first layer's weight gradient on each of the first EARLY_STEPS minibatches so far. */
  earlyFirstLayerRms: pairRecord(anyNumber, EARLY_STEPS),
  /** The loss on each minibatch of the run's last epoch so far, before that step's update. */
  lastEpochLosses: pairRecord(anyNumber, LAST_EPOCH_MAX_STEPS),
});
export type ResidualMetrics = z.infer<typeof residualMetricsSchema>;

/** The summary of a finished residual-shortcuts run. */
export const residualSummarySchema = z.object({
  lab: z.literal("residual-shortcuts"),
  steps: stepCount,
  plain: gradientSummarySchema,
  residual: gradientSummarySchema,
  /** First-layer gradient RMS on each of the first minibatches (what the gradient prediction is graded on). */
  earlyFirstLayerRms: pairRecord(finite, EARLY_STEPS),
  /** Minibatch losses over the last epoch (what the loss prediction is graded on). */
  lastEpochLosses: pairRecord(finite, LAST_EPOCH_MAX_STEPS),
});
export type ResidualSummary = z.infer<typeof residualSummarySchema>;

const finiteRecord = (record: { plain: number[]; residual: number[] }) => ({
  plain: record.plain.map(finiteOrNull),
  residual: record.residual.map(finiteOrNull),
});

export function summarizeResidual(first: ResidualMetrics, last: ResidualMetrics): ResidualSummary {
  return {
    lab: "residual-shortcuts",
    steps: last.step,
    plain: summarizeGradients(first.plain, last.plain),
    residual: summarizeGradients(first.residual, last.residual),
    earlyFirstLayerRms: finiteRecord(last.earlyFirstLayerRms),
    lastEpochLosses: finiteRecord(last.lastEpochLosses),
  };
}
