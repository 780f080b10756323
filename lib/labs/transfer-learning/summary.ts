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
 * - `finetune`: the recipe: the new output layer trained first with the base frozen (the `frozen` model
 *   itself, for `headEpochs`), then the last `fineTuneLayers` layers of the base unfrozen and trained with
 *   the output layer, the base at the lower fine-tuning learning rate.
 */
export const TRANSFER_MODES = ["scratch", "frozen", "finetune"] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

/** The pairs of modes a paired test compares, "a-b". */
export const TRANSFER_PAIRS = ["finetune-scratch", "finetune-frozen", "frozen-scratch"] as const;
export type TransferPair = (typeof TRANSFER_PAIRS)[number];

const discordant = z.tuple([z.int().nonnegative(), z.int().nonnegative()]);
/**
 * Per pair "a-b" of modes, [only a right, only b right]: the held-out images exactly one of the two models
 * classifies correctly (the discordant pairs of McNemar's test; images both get right or both get wrong
 * say nothing about which is better).
 */
export const pairedSchema = z.object({
  "finetune-scratch": discordant,
  "finetune-frozen": discordant,
  "frozen-scratch": discordant,
});
export type TransferPaired = z.infer<typeof pairedSchema>;

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
  paired: pairedSchema.optional(),
});
export type TransferMetrics = z.infer<typeof transferMetricsSchema>;

const finite = z.number().nullable();
const modeSummarySchema = z.object({ finalTrainAccuracy: finite, finalTestAccuracy: finite });

/**
 * The summary of a finished transfer-learning run, as the server receives it: each mode's final accuracies,
 * how many held-out images they were scored on, and the discordant counts of each pair of modes on those
 * images (null when the last measurement was not the run's final one).
 */
export const transferSummarySchema = z.object({
  lab: z.literal("transfer-learning"),
  steps: z.int().nonnegative(),
  heldOut: z.int().nonnegative(),
  scratch: modeSummarySchema,
  frozen: modeSummarySchema,
  finetune: modeSummarySchema,
  paired: pairedSchema.nullable(),
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
  const heldOut = last.confusion ? last.confusion.scratch.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0) : 0;
  return {
    lab: "transfer-learning",
    steps: last.step,
    heldOut,
    scratch: mode("scratch"),
    frozen: mode("frozen"),
    finetune: mode("finetune"),
    paired: last.paired ?? null,
  };
}
