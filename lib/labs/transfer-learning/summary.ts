/**
 * What the transfer-learning experiment streams (worker -> page) and the summary of a finished run (page ->
 * server). Schemas and types only; no TensorFlow.js, so the server can import it.
 */
import { z } from "zod";

import { fitMetricsSchema } from "../mlp/fit-metrics";

/**
 * The three ways the lab trains a network for the target task:
 * - `scratch`: the whole network from fresh random weights;
 * - `frozen`: the pretrained base kept fixed, only a new output layer trained;
 * - `finetune`: the pretrained base and a new output layer trained together, the base at the lower
 *   fine-tuning learning rate.
 */
export const TRANSFER_MODES = ["scratch", "frozen", "finetune"] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

const counts = z.array(z.array(z.int().nonnegative()));

/** Per mode, entry [true][predicted] counts held-out images; `digits` names the rows and columns. */
export const confusionSchema = z.object({
  digits: z.array(z.int().min(0).max(9)),
  scratch: counts,
  frozen: counts,
  finetune: counts,
});
export type TransferConfusion = z.infer<typeof confusionSchema>;

/**
 * One measurement after `step` of `totalSteps` epochs: each mode's loss and accuracy on its labelled
 * examples (train) and on the held-out target digits (test). The last measurement carries the confusion
 * matrices.
 */
export const transferMetricsSchema = z.object({
  lab: z.literal("transfer-learning"),
  step: z.int().nonnegative(),
  totalSteps: z.int().nonnegative(),
  scratch: fitMetricsSchema,
  frozen: fitMetricsSchema,
  finetune: fitMetricsSchema,
  confusion: confusionSchema.optional(),
});
export type TransferMetrics = z.infer<typeof transferMetricsSchema>;

const finite = z.number().nullable();
const modeSummarySchema = z.object({ finalTrainAccuracy: finite, finalTestAccuracy: finite });

/** The summary of a finished transfer-learning run, as the server receives it. */
export const transferSummarySchema = z.object({
  lab: z.literal("transfer-learning"),
  steps: z.int().nonnegative(),
  scratch: modeSummarySchema,
  frozen: modeSummarySchema,
  finetune: modeSummarySchema,
});
export type TransferSummary = z.infer<typeof transferSummarySchema>;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Reduces a run to its summary from its last measurement. */
export function summarizeTransferRun(_first: TransferMetrics, last: TransferMetrics): TransferSummary {
  const mode = (m: TransferMode) => ({
    finalTrainAccuracy: finiteOrNull(last[m].trainAccuracy),
    finalTestAccuracy: finiteOrNull(last[m].testAccuracy),
  });
  return { lab: "transfer-learning", steps: last.step, scratch: mode("scratch"), frozen: mode("frozen"), finetune: mode("finetune") };
}
