/**
 * The predictions a learner makes before running a lab, and how a run's summary confirms or refutes each.
 * The server grades with this module (a confirmed prediction is `Good` on its linked cards, a refuted one
 * `Again`); `content/labs.yaml` links each prediction key to its cards. No TensorFlow.js here.
 */
import { z } from "zod";

import {
  type ExperimentLab,
  isExperimentLab,
  type L1VsL2Summary,
  type LabSummary,
  labSummarySchema,
  type ResidualSummary,
  type SummaryOf,
  type VanishingSummary,
} from "./metrics";

/** How a prediction is answered. */
export type AnswerSpec =
  | { readonly kind: "choice"; readonly options: readonly { readonly value: string; readonly label: string }[] }
  | { readonly kind: "boolean" }
  | { readonly kind: "numeric"; readonly unit?: string; readonly tolerance: number };

export interface PredictionOutcome {
  readonly confirmed: boolean;
  /** What the run measured, in a sentence the learner sees beside their answer. */
  readonly measured: string;
}

/** A prediction as the page shows it and the server grades it. */
export interface LabPrediction<L extends ExperimentLab = ExperimentLab> {
  readonly key: string;
  readonly lab: L;
  readonly question: string;
  readonly answer: AnswerSpec;
  /**
   * Grades `answer` against a run's summary. Throws a ZodError when the answer does not fit the spec, and
   * an Error when the summary is another lab's.
   */
  evaluate(answer: unknown, summary: LabSummary): PredictionOutcome;
}

function answerSchema(spec: AnswerSpec): z.ZodType<string | boolean | number> {
  switch (spec.kind) {
    case "choice":
      return z.enum(spec.options.map((o) => o.value) as [string, ...string[]]);
    case "boolean":
      return z.boolean();
    case "numeric":
      return z.number();
  }
}

type AnswerOf<S extends AnswerSpec> = S extends { kind: "choice"; options: readonly { value: infer V }[] }
  ? V
  : S extends { kind: "boolean" }
    ? boolean
    : number;

function definePrediction<L extends ExperimentLab, const S extends AnswerSpec>(definition: {
  key: string;
  lab: L;
  question: string;
  answer: S;
  grade: (answer: AnswerOf<S>, summary: SummaryOf<L>) => PredictionOutcome;
}): LabPrediction<L> {
  const schema = answerSchema(definition.answer);
  return {
    key: definition.key,
    lab: definition.lab,
    question: definition.question,
    answer: definition.answer,
    evaluate(answer, summary) {
      if (summary.lab !== definition.lab) {
        throw new Error(`prediction ${definition.key} grades ${definition.lab} runs, not ${summary.lab}`);
      }
      // The schema accepts exactly the values of the spec, which is what AnswerOf<S> names; the lab check
      // above makes the summary this lab's.
      return definition.grade(schema.parse(answer) as AnswerOf<S>, summary as SummaryOf<L>);
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

function percent(share: number | null): string {
  return share === null ? "not a number" : `${Math.round(share * 100)}%`;
}

/** Index of the smallest finite entry, or -1 when none is finite. */
function argMin(values: readonly (number | null)[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v !== null && (best === -1 || v < (values[best] as number))) best = i;
  });
  return best;
}

// --- vanishing-gradients -------------------------------------------------------------------------------

const LOSS_TARGET = 0.5;

function layerName(index: number, layers: number): string {
  return index === layers - 1 ? `the output layer (layer ${layers})` : `layer ${index + 1} of ${layers}`;
}

const smallestGradientLayer = definePrediction({
  key: "vanishing-smallest-gradient-layer",
  lab: "vanishing-gradients",
  question: "At the end of the run, which layer's weights will have the smallest gradient?",
  answer: {
    kind: "choice",
    options: [
      { value: "first", label: "The first hidden layer" },
      { value: "middle", label: "A layer in the middle" },
      { value: "last", label: "The output layer" },
    ],
  },
  grade(answer, summary: VanishingSummary) {
    const norms = summary.net.gradNorms;
    const at = argMin(norms);
    if (at === -1) return { confirmed: false, measured: "No layer's gradient was a finite number (the run diverged)." };
    const where = at === 0 ? "first" : at === norms.length - 1 ? "last" : "middle";
    return {
      confirmed: answer === where,
      measured: `The smallest gradient norm was at ${layerName(at, norms.length)}: ${formatMeasure(norms[at] ?? null)}, against ${formatMeasure(norms[norms.length - 1] ?? null)} at the output layer.`,
    };
  },
});

const gradientRatio = definePrediction({
  key: "vanishing-gradient-ratio",
  lab: "vanishing-gradients",
  question: "How many times larger will the output layer's gradient be than the first hidden layer's, at the end of the run?",
  answer: {
    kind: "choice",
    options: [
      { value: "under-10", label: "Less than 10 times" },
      { value: "10-to-1000", label: "Between 10 and 1,000 times" },
      { value: "over-1000", label: "More than 1,000 times" },
    ],
  },
  grade(answer, summary: VanishingSummary) {
    const norms = summary.net.gradNorms;
    const first = norms[0] ?? null;
    const last = norms[norms.length - 1] ?? null;
    if (first === null || last === null) {
      return { confirmed: false, measured: "The gradients were not finite numbers (the run diverged)." };
    }
    const ratio = first === 0 ? Number.POSITIVE_INFINITY : last / first;
    const band = ratio < 10 ? "under-10" : ratio <= 1000 ? "10-to-1000" : "over-1000";
    const said = first === 0 ? "the first layer's gradient underflowed to exactly 0" : `the ratio was ${formatMeasure(ratio)}`;
    return {
      confirmed: answer === band,
      measured: `Output layer ${formatMeasure(last)}, first hidden layer ${formatMeasure(first)}: ${said}.`,
    };
  },
});

const lossBelow = definePrediction({
  key: "vanishing-loss-below-half",
  lab: "vanishing-gradients",
  question: `Will the training loss end below ${LOSS_TARGET}? (Guessing at random gives 0.69.)`,
  answer: { kind: "boolean" },
  grade(answer, summary: VanishingSummary) {
    const loss = summary.net.finalTrainLoss;
    const fell = loss !== null && loss < LOSS_TARGET;
    return {
      confirmed: answer === fell,
      measured: `The training loss went from ${formatMeasure(summary.net.initialTrainLoss)} to ${formatMeasure(loss)} in ${summary.steps} steps.`,
    };
  },
});

// --- residual-shortcuts --------------------------------------------------------------------------------

const residualLossLower = definePrediction({
  key: "residual-loss-lower",
  lab: "residual-shortcuts",
  question: "Will the residual network end with a lower training loss than the plain one?",
  answer: { kind: "boolean" },
  grade(answer, summary: ResidualSummary) {
    const plain = summary.plain.finalTrainLoss;
    const residual = summary.residual.finalTrainLoss;
    // A diverged network (null) has the higher loss.
    const lower = residual !== null && (plain === null || residual < plain);
    return {
      confirmed: answer === lower,
      measured: `Final training loss: residual ${formatMeasure(residual)}, plain ${formatMeasure(plain)}.`,
    };
  },
});

const residualFirstLayer = definePrediction({
  key: "residual-first-layer-gradient",
  lab: "residual-shortcuts",
  question: "At the end of the run, how will the first layer's gradient in the residual network compare with the plain network's?",
  answer: {
    kind: "choice",
    options: [
      { value: "residual-larger", label: "At least 10 times larger" },
      { value: "similar", label: "Within a factor of 10" },
      { value: "plain-larger", label: "At least 10 times smaller" },
    ],
  },
  grade(answer, summary: ResidualSummary) {
    const plain = summary.plain.gradNorms[0] ?? null;
    const residual = summary.residual.gradNorms[0] ?? null;
    if (plain === null || residual === null) {
      return { confirmed: false, measured: "A first-layer gradient was not a finite number (the run diverged)." };
    }
    const band =
      residual >= 10 * plain ? "residual-larger" : plain >= 10 * residual ? "plain-larger" : "similar";
    return {
      confirmed: answer === band,
      measured: `First-layer gradient norm: residual ${formatMeasure(residual)}, plain ${formatMeasure(plain)}.`,
    };
  },
});

// --- l1-vs-l2 ------------------------------------------------------------------------------------------

const PENALTIES = [
  { value: "none", label: "No penalty" },
  { value: "l1", label: "L1" },
  { value: "l2", label: "L2" },
] as const;
type Penalty = (typeof PENALTIES)[number]["value"];
const PENALTY_LABEL: Record<Penalty, string> = { none: "no penalty", l1: "L1", l2: "L2" };

function penaltyValues(summary: L1VsL2Summary, pick: (v: L1VsL2Summary["none"]) => number | null) {
  return PENALTIES.map((p) => ({ penalty: p.value, value: pick(summary[p.value]) }));
}

const moreZeros = definePrediction({
  key: "l1l2-more-zero-weights",
  lab: "l1-vs-l2",
  question: "Which network will end with the largest share of weights at (or within 0.001 of) zero?",
  answer: { kind: "choice", options: PENALTIES },
  grade(answer, summary: L1VsL2Summary) {
    const shares = penaltyValues(summary, (v) => v.nearZeroShare);
    const best = Math.max(...shares.map((s) => s.value ?? -1));
    // Ties count for every network that reaches the largest share.
    const winners = shares.filter((s) => s.value !== null && s.value === best).map((s) => s.penalty);
    return {
      confirmed: winners.includes(answer),
      measured: `Weights near zero: ${shares.map((s) => `${PENALTY_LABEL[s.penalty]} ${percent(s.value)}`).join(", ")}.`,
    };
  },
});

function gap(v: L1VsL2Summary["none"]): number | null {
  return v.finalTestLoss === null || v.finalTrainLoss === null ? null : v.finalTestLoss - v.finalTrainLoss;
}

const smallestGap = definePrediction({
  key: "l1l2-smallest-gap",
  lab: "l1-vs-l2",
  question: "Which network will end with the smallest gap between test loss and training loss?",
  answer: { kind: "choice", options: PENALTIES },
  grade(answer, summary: L1VsL2Summary) {
    const gaps = penaltyValues(summary, gap);
    const at = argMin(gaps.map((g) => g.value));
    const winner = at === -1 ? null : (gaps[at]?.penalty ?? null);
    return {
      confirmed: winner === answer,
      measured: `Test loss minus training loss: ${gaps.map((g) => `${PENALTY_LABEL[g.penalty]} ${formatMeasure(g.value)}`).join(", ")}.`,
    };
  },
});

const penaltiesHelpTest = definePrediction({
  key: "l1l2-penalties-lower-test-loss",
  lab: "l1-vs-l2",
  question: "Will both penalised networks end with a lower test loss than the network without a penalty?",
  answer: { kind: "boolean" },
  grade(answer, summary: L1VsL2Summary) {
    const none = summary.none.finalTestLoss;
    const l1 = summary.l1.finalTestLoss;
    const l2 = summary.l2.finalTestLoss;
    const lower = (v: number | null) => v !== null && (none === null || v < none);
    return {
      confirmed: answer === (lower(l1) && lower(l2)),
      measured: `Final test loss: no penalty ${formatMeasure(none)}, L1 ${formatMeasure(l1)}, L2 ${formatMeasure(l2)}.`,
    };
  },
});

/** Every lab's predictions, in the order the page asks them. */
export const labPredictions: { readonly [L in ExperimentLab]: readonly LabPrediction<L>[] } = {
  "vanishing-gradients": [smallestGradientLayer, gradientRatio, lossBelow],
  "residual-shortcuts": [residualLossLower, residualFirstLayer],
  "l1-vs-l2": [moreZeros, smallestGap, penaltiesHelpTest],
};

/** Every prediction key, for checking `content/labs.yaml`. */
export const PREDICTION_KEYS: readonly string[] = Object.values(labPredictions).flatMap((list) =>
  list.map((p) => p.key),
);

/** The prediction with `key` in `lab`, if there is one. */
export function findPrediction(lab: string, key: string): LabPrediction | undefined {
  if (!isExperimentLab(lab)) return undefined;
  const list: readonly LabPrediction[] = labPredictions[lab] as readonly LabPrediction[];
  return list.find((p) => p.key === key);
}

export interface GradedPrediction extends PredictionOutcome {
  readonly key: string;
}

export type GradeResult = { ok: true; graded: GradedPrediction[] } | { ok: false; error: string };

/**
 * Grades a learner's answers (`{ predictionKey: answer }`) against a run summary the client sent. Validates
 * everything first: the summary against its lab's schema, each key against the lab's predictions, each
 * answer against its spec. Any problem gives `{ ok: false, error }` and grades nothing.
 */
export function gradePredictions(lab: string, summary: unknown, answers: Record<string, unknown>): GradeResult {
  if (!isExperimentLab(lab)) return { ok: false, error: `unknown lab "${lab}"` };
  const parsed = labSummarySchema.safeParse(summary);
  if (!parsed.success) return { ok: false, error: `invalid run summary: ${z.prettifyError(parsed.error)}` };
  if (parsed.data.lab !== lab) return { ok: false, error: `the summary is from ${parsed.data.lab}, not ${lab}` };
  const graded: GradedPrediction[] = [];
  for (const [key, answer] of Object.entries(answers)) {
    const prediction = findPrediction(lab, key);
    if (!prediction) return { ok: false, error: `unknown prediction "${key}" for lab ${lab}` };
    try {
      graded.push({ key, ...prediction.evaluate(answer, parsed.data) });
    } catch (error) {
      if (error instanceof z.ZodError) return { ok: false, error: `invalid answer to "${key}": ${z.prettifyError(error)}` };
      throw error;
    }
  }
  return { ok: true, graded };
}
