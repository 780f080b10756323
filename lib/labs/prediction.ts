/**
 * How a lab prediction is answered and graded. A prediction grades real flashcards (a confirmed one writes Good
 * to its linked cards, a refuted one Again), so it only grades where its answer is a stable consequence of the
 * concept: each lab's `predictions.ts` says, per prediction,
 * - `taught(config)`: the answer the linked cards teach at those settings (the sweep test checks that runs
 *   confirm it for any seed);
 * - `gradedWhen(config)`: settings that do not exercise the fact give a reason instead, and nothing is graded;
 * - `cardConditions`: cards graded only under some settings (a ReLU run does not grade a sigmoid card);
 * - `read(summary, config)`: every answer the run confirms (exact ties credit every tied option), or
 *   "too-close" when the measure is within the prediction's stated margin; then no card moves.
 * Prompts are content (`content/labs.yaml`), never code. No TensorFlow.js here.
 */
import { z } from "zod";

/** How a prediction is answered. */
export type AnswerSpec =
  | { readonly kind: "choice"; readonly options: readonly { readonly value: string; readonly label: string }[] }
  | { readonly kind: "boolean" };

export type Answer = string | boolean;

export type AnswerOf<S extends AnswerSpec> = S extends { kind: "choice"; options: readonly { value: infer V }[] }
  ? V
  : boolean;

/**
 * What a run says about a prediction: the answers it confirms (several when the measure ties exactly), or
 * "too-close" when the measure falls within the prediction's margin and the run decides nothing.
 */
export type Reading<A extends Answer = Answer> =
  | { readonly accepted: readonly A[]; readonly measured: string }
  | { readonly accepted: "too-close"; readonly measured: string };

/**
 * - confirmed / refuted: the run decided; the linked cards are graded Good / Again;
 * - too-close: the measure was within the stated margin; no card moves;
 * - ungraded: these settings do not exercise the prediction's fact; no card moves.
 */
export const VERDICTS = ["confirmed", "refuted", "too-close", "ungraded"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** True when a verdict moves cards. */
export function verdictGrades(verdict: Verdict): verdict is "confirmed" | "refuted" {
  return verdict === "confirmed" || verdict === "refuted";
}

export interface PredictionOutcome {
  readonly verdict: Verdict;
  /** What the run measured, in a sentence the learner sees beside their answer. */
  readonly measured: string;
}

/** A prediction as a lab module defines it (see the file comment). */
export interface PredictionDefinition<C, S, Spec extends AnswerSpec> {
  readonly key: string;
  readonly answer: Spec;
  taught(config: C): AnswerOf<Spec>;
  gradedWhen?(config: C): true | string;
  readonly cardConditions?: Readonly<Record<string, (config: C) => boolean>>;
  read(summary: S, config: C): Reading<AnswerOf<Spec>>;
}

/** A prediction as the page shows it, the server grades it and the sweep test checks it. */
export interface LabPrediction<C = never, S = never> {
  readonly key: string;
  readonly answer: AnswerSpec;
  taught(config: C): Answer;
  /** true, or why runs with these settings grade nothing. */
  gradedWhen(config: C): true | string;
  /** The card keys that `cardConditions` names (the content checker checks they are linked). */
  readonly conditionalCards: readonly string[];
  /** Whether a run with `config` grades `cardKey` (a linked card). */
  gradesCard(cardKey: string, config: C): boolean;
  read(summary: S, config: C): Reading;
  /** Grades `answer` (a ZodError when it does not fit the spec). */
  evaluate(answer: unknown, summary: S, config: C): PredictionOutcome;
}

export function answerSchema(spec: AnswerSpec): z.ZodType<Answer> {
  return spec.kind === "choice" ? z.enum(spec.options.map((o) => o.value) as [string, ...string[]]) : z.boolean();
}

export function definePrediction<C, S, const Spec extends AnswerSpec>(
  definition: PredictionDefinition<C, S, Spec>,
): LabPrediction<C, S> {
  const schema = answerSchema(definition.answer);
  const conditions = definition.cardConditions ?? {};
  const gradedWhen = (config: C) => definition.gradedWhen?.(config) ?? true;
  return {
    key: definition.key,
    answer: definition.answer,
    taught: (config) => definition.taught(config),
    gradedWhen,
    conditionalCards: Object.keys(conditions),
    gradesCard: (cardKey, config) => conditions[cardKey]?.(config) ?? true,
    read: (summary, config) => definition.read(summary, config),
    evaluate(answer, summary, config) {
      const given = schema.parse(answer);
      const reading = definition.read(summary, config);
      if (gradedWhen(config) !== true) return { verdict: "ungraded", measured: reading.measured };
      if (reading.accepted === "too-close") return { verdict: "too-close", measured: reading.measured };
      const accepted: readonly Answer[] = reading.accepted;
      return { verdict: accepted.includes(given) ? "confirmed" : "refuted", measured: reading.measured };
    },
  };
}

/** A number for a sentence: 3 significant digits, scientific notation when very small or large. */
export function formatMeasure(value: number | null): string {
  if (value === null) return "not a number (the run diverged)";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e5 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

export function percent(share: number | null): string {
  return share === null ? "not a number" : `${Math.round(share * 100)}%`;
}

/** The options whose finite value is the smallest (all of them on an exact tie); none when none is finite. */
export function smallest<A>(entries: readonly { readonly option: A; readonly value: number | null }[]): A[] {
  const finite = entries.filter((e): e is { option: A; value: number } => e.value !== null && Number.isFinite(e.value));
  if (finite.length === 0) return [];
  const best = Math.min(...finite.map((e) => e.value));
  return finite.filter((e) => e.value === best).map((e) => e.option);
}

/** The options whose finite value is the largest (all of them on an exact tie); none when none is finite. */
export function largest<A>(entries: readonly { readonly option: A; readonly value: number | null }[]): A[] {
  return smallest(entries.map((e) => ({ option: e.option, value: e.value === null ? null : -e.value })));
}
