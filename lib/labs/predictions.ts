/**
 * Every lab's predictions, through the registry, and the grading of a learner's answers against a run's
 * summary. The server grades with this module on the summary it recomputed itself (a confirmed prediction is
 * `Good` on its linked cards, a refuted one `Again`; too close to call and ungraded move nothing);
 * `content/labs.yaml` holds each prediction's prompt and links it to its cards. Each lab's rules live in its
 * own `predictions.ts`. No TensorFlow.js here.
 */
import { z } from "zod";

import { isLabKey, LAB_KEYS, type LabKey } from "./lab-keys";
import type { LabPrediction, PredictionOutcome } from "./prediction";
import { labs } from "./registry";

export {
  type Answer,
  type AnswerSpec,
  formatMeasure,
  type LabPrediction,
  type PredictionOutcome,
  type Reading,
  type Verdict,
  VERDICTS,
  verdictGrades,
} from "./prediction";

/** A prediction of any lab, with its config and summary types erased. */
export type AnyPrediction = LabPrediction<unknown, unknown>;

/** Every lab's predictions, in the order the page asks them. */
export const labPredictions: { readonly [K in LabKey]: readonly AnyPrediction[] } = Object.fromEntries(
  LAB_KEYS.map((key) => [key, labs[key].predictions as readonly AnyPrediction[]]),
) as { readonly [K in LabKey]: readonly AnyPrediction[] };

/** Every prediction key, for checking `content/labs.yaml`. */
export const PREDICTION_KEYS: readonly string[] = LAB_KEYS.flatMap((key) => labPredictions[key].map((p) => p.key));

/** The prediction with `key` in `lab`, if there is one. */
export function findPrediction(lab: string, key: string): AnyPrediction | undefined {
  if (!isLabKey(lab)) return undefined;
  return labPredictions[lab].find((p) => p.key === key);
}

export interface GradedPrediction extends PredictionOutcome {
  readonly key: string;
}

export type GradeResult = { ok: true; graded: GradedPrediction[] } | { ok: false; error: string };

/**
 * Grades a learner's answers (`{ predictionKey: answer }`) against a run's summary and the settings it ran
 * with (a full or partial config; defaults fill the rest). Validates everything first: the settings and the
 * summary against the lab's schemas, each key against the lab's predictions, each answer against its spec.
 * Any problem gives `{ ok: false, error }` and grades nothing.
 */
export function gradePredictions(
  lab: string,
  summary: unknown,
  settings: unknown,
  answers: Record<string, unknown>,
): GradeResult {
  if (!isLabKey(lab)) return { ok: false, error: `unknown lab "${lab}"` };
  const from = (summary as { lab?: unknown } | null)?.lab;
  if (typeof from === "string" && from !== lab) return { ok: false, error: `the summary is from ${from}, not ${lab}` };
  const parsed = labs[lab].summary.safeParse(summary);
  if (!parsed.success) return { ok: false, error: `invalid run summary: ${z.prettifyError(parsed.error)}` };
  const config = labs[lab].config.safeParse(settings ?? {});
  if (!config.success) return { ok: false, error: `invalid settings: ${z.prettifyError(config.error)}` };
  const unknown = Object.keys(answers).find((key) => !findPrediction(lab, key));
  if (unknown !== undefined) return { ok: false, error: `unknown prediction "${unknown}" for lab ${lab}` };
  // In the order the page asks them, whatever order the answers arrive (or are stored) in.
  const graded: GradedPrediction[] = [];
  for (const prediction of labPredictions[lab].filter((p) => Object.hasOwn(answers, p.key))) {
    const key = prediction.key;
    const answer = answers[key];
    try {
      graded.push({ key, ...prediction.evaluate(answer, parsed.data, config.data) });
    } catch (error) {
      if (error instanceof z.ZodError) return { ok: false, error: `invalid answer to "${key}": ${z.prettifyError(error)}` };
      throw error;
    }
  }
  return { ok: true, graded };
}
