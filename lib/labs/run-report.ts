/**
 * What a lab page sends the server when a run finishes, and what the server answers: the run's config,
 * seed, backend, the learner's predictions and the measured summary in; the graded predictions and the
 * cards they moved out. Shared by the route handler, the data layer and the page. No TensorFlow.js here.
 */
import { z } from "zod";

import { MAX_SEED } from "./configs";
import { labSummarySchema } from "./metrics";
import type { AnswerSpec, Verdict } from "./predictions";
import { backendNameSchema } from "./worker-protocol";

/** A prediction's answer as the form gives it: a choice's value, or yes/no. */
export const predictionAnswerSchema = z.union([z.string().max(100), z.boolean()]);
export type PredictionAnswer = z.infer<typeof predictionAnswerSchema>;

/** Longest run the server records (a day); anything longer is a clock error. */
const MAX_RUN_MS = 86_400_000;

/** The body of `POST /api/lab-runs`. */
export const labRunRequestSchema = z.strictObject({
  /** Made by the page when the run starts (`crypto.randomUUID()`); a resend with it records nothing new. */
  clientRunId: z.uuid({ error: "clientRunId must be a UUID" }),
  lab: z.string().min(1).max(64),
  /** The full configuration the run used (the lab validates it again). */
  config: z.record(z.string(), z.unknown()),
  seed: z.int().min(0).max(MAX_SEED),
  backend: backendNameSchema,
  /** `{ predictionKey: answer }`, empty for a run without predictions. */
  predictions: z.record(z.string().max(100), predictionAnswerSchema),
  summary: labSummarySchema,
  stepsPerSecond: z.number().nonnegative().max(1e7).nullish(),
  durationMs: z.int().nonnegative().max(MAX_RUN_MS).nullish(),
});
export type LabRunRequest = z.infer<typeof labRunRequestSchema>;

export type MemoryStateName = "NEW" | "LEARNING" | "REVIEW" | "RELEARNING";

/** A card a graded prediction reviewed, with its schedule before and after (dates as ISO strings). */
export interface MovedCardDto {
  readonly cardKey: string;
  readonly conceptKey: string;
  readonly conceptTitle: string;
  /** The card's question side as sanitized HTML. */
  readonly frontHtml: string;
  readonly rating: 1 | 2 | 3 | 4;
  readonly stateBefore: MemoryStateName;
  readonly stateAfter: MemoryStateName;
  /** null when the card was not in the learner's collection before (the run introduced it). */
  readonly dueBefore: string | null;
  readonly dueAfter: string;
}

/** One graded prediction. */
export interface PredictionOutcomeDto {
  readonly key: string;
  readonly prompt: string;
  readonly answer: PredictionAnswer;
  /** Confirmed and refuted move the linked cards; too close to call and ungraded move none. */
  readonly verdict: Verdict;
  /** What the run measured, in a sentence. */
  readonly measured: string;
  readonly cards: readonly MovedCardDto[];
}

/**
 * What the server answers for a recorded run: `verifying` while it reproduces the run (ask again with GET
 * /api/lab-runs/<runId>), `graded` once it has, `refused` when the summary sent is not what the run measures.
 */
export interface LabRunResultDto {
  readonly runId: string;
  readonly clientRunId: string;
  readonly lab: string;
  readonly status: "verifying" | "graded" | "refused";
  /** For a refused run: why. */
  readonly error?: string;
  /** For a graded run the server could not rebuild (a drawing, a typed kernel): why nothing was graded. */
  readonly note?: string;
  /** Empty until graded, and for a run without predictions (saved, but no card moved). */
  readonly outcomes: readonly PredictionOutcomeDto[];
}

/** A card a prediction grades, with the viewer's due date for it (null when not in their collection). */
export interface PredictionCardDto {
  readonly key: string;
  readonly conceptKey: string;
  readonly conceptTitle: string;
  /** The card's question side as sanitized HTML. */
  readonly frontHtml: string;
  readonly due: string | null;
}

/** A prediction as the lab page asks it: the prompt from the course, the answer options from the lab. */
export interface LabPredictionDto {
  readonly key: string;
  readonly prompt: string;
  readonly answer: AnswerSpec;
  readonly cards: readonly PredictionCardDto[];
}
