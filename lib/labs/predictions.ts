/**
 * The predictions a learner makes before running a lab, and how a run's summary confirms or refutes each.
 * The server grades with this module (a confirmed prediction is `Good` on its linked cards, a refuted one
 * `Again`); `content/labs.yaml` links each prediction key to its cards. No TensorFlow.js here.
 */
import { z } from "zod";

import {
  type DarkroomSummary,
  type DiffusionSummary,
  type GradedLab,
  isGradedLab,
  type L1VsL2Summary,
  type LabSummary,
  labSummarySchema,
  type ResidualSummary,
  type SummaryOf,
  type TransferSummary,
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
export interface LabPrediction<L extends GradedLab = GradedLab> {
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

function definePrediction<L extends GradedLab, const S extends AnswerSpec>(definition: {
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

// --- transfer-learning ---------------------------------------------------------------------------------

const TRANSFER_MODES = [
  { value: "scratch", label: "Trained from scratch" },
  { value: "frozen", label: "Frozen base, new output layer" },
  { value: "finetune", label: "Fine-tuned whole network" },
] as const;
type TransferModeName = (typeof TRANSFER_MODES)[number]["value"];
const TRANSFER_MODE_LABEL: Record<TransferModeName, string> = {
  scratch: "from scratch",
  frozen: "frozen base",
  finetune: "fine-tuned",
};

function heldOut(summary: TransferSummary): string {
  return TRANSFER_MODES.map((m) => `${TRANSFER_MODE_LABEL[m.value]} ${percent(summary[m.value].finalTestAccuracy)}`).join(", ");
}

const finetuneBeatsScratch = definePrediction({
  key: "transfer-finetune-beats-scratch",
  lab: "transfer-learning",
  question: "Will the fine-tuned pretrained network end with a higher held-out accuracy than the one trained from scratch?",
  answer: { kind: "boolean" },
  grade(answer, summary: TransferSummary) {
    const finetune = summary.finetune.finalTestAccuracy;
    const scratch = summary.scratch.finalTestAccuracy;
    const higher = finetune !== null && (scratch === null || finetune > scratch);
    return { confirmed: answer === higher, measured: `Held-out accuracy after ${summary.steps} epochs: ${heldOut(summary)}.` };
  },
});

const bestTransferMode = definePrediction({
  key: "transfer-best-mode",
  lab: "transfer-learning",
  question: "Which network will reach the highest accuracy on held-out digits?",
  answer: { kind: "choice", options: TRANSFER_MODES },
  grade(answer, summary: TransferSummary) {
    const values = TRANSFER_MODES.map((m) => summary[m.value].finalTestAccuracy ?? -1);
    const best = Math.max(...values);
    // Ties count for every network that reaches the best accuracy.
    const winners = TRANSFER_MODES.filter((_, i) => best >= 0 && values[i] === best).map((m) => m.value);
    return { confirmed: winners.includes(answer), measured: `Held-out accuracy: ${heldOut(summary)}.` };
  },
});

// --- conv-darkroom --------------------------------------------------------------------------------------

const EDGE_KERNELS = [
  { value: "sobel-x", label: "Sobel x" },
  { value: "sobel-y", label: "Sobel y" },
  { value: "laplacian", label: "Laplacian edge" },
  { value: "sharpen", label: "Sharpen" },
  { value: "emboss", label: "Emboss" },
] as const;

const verticalEdgeKernel = definePrediction({
  key: "darkroom-vertical-edge-kernel",
  lab: "conv-darkroom",
  question: "Which kernel responds to vertical edges but gives no response at all to horizontal ones?",
  answer: { kind: "choice", options: EDGE_KERNELS },
  grade(answer, summary: DarkroomSummary) {
    const values = EDGE_KERNELS.map((k) => ({ kernel: k.value, label: k.label, value: summary.edgeSelectivity[k.value] }));
    const best = Math.max(...values.map((v) => v.value ?? -2));
    // Only a kernel that ignores horizontal edges entirely (selectivity 1) answers the question.
    const winners = values.filter((v) => v.value !== null && v.value === best && best > 0.99).map((v) => v.kernel);
    return {
      confirmed: (winners as string[]).includes(answer),
      measured: `Vertical minus horizontal edge response, as a share of both: ${values
        .map((v) => `${v.label} ${formatMeasure(v.value)}`)
        .join(", ")} (1 means vertical edges only).`,
    };
  },
});

/** Ratios of last-map to picture sharpness beyond which the map counts as sharper or blurrier. */
const SHARPER = 1.15;
const BLURRIER = 1 / 1.15;

const stackSharpness = definePrediction({
  key: "darkroom-stack-sharpness",
  lab: "conv-darkroom",
  question: "Compared with the picture, will the last layer's feature map look sharper, blurrier, or about as sharp?",
  answer: {
    kind: "choice",
    options: [
      { value: "sharper", label: "Sharper" },
      { value: "blurrier", label: "Blurrier" },
      { value: "same", label: "About as sharp" },
    ],
  },
  grade(answer, summary: DarkroomSummary) {
    const before = summary.imageSharpness;
    const after = summary.lastSharpness;
    if (before === null || after === null || before === 0) {
      return { confirmed: false, measured: "The sharpness could not be measured (a flat picture or map)." };
    }
    const ratio = after / before;
    const band = ratio >= SHARPER ? "sharper" : ratio <= BLURRIER ? "blurrier" : "same";
    return {
      confirmed: answer === band,
      measured: `Sharpness (pixel-to-pixel change over contrast): picture ${formatMeasure(before)}, layer ${summary.layers} ${formatMeasure(after)}, ${formatMeasure(ratio)} times the picture's.`,
    };
  },
});

const BANDS = [
  { value: "top", label: "The top third" },
  { value: "middle", label: "The middle third" },
  { value: "bottom", label: "The bottom third" },
] as const;

const occlusionBand = definePrediction({
  key: "darkroom-occlusion-region",
  lab: "conv-darkroom",
  question: "Covering which third of the picture will lower the classifier's confidence in the digit the most?",
  answer: { kind: "choice", options: BANDS },
  grade(answer, summary: DarkroomSummary) {
    const o = summary.occlusion;
    const drops = BANDS.map((b) => ({ band: b.value, value: o[b.value] }));
    const best = Math.max(...drops.map((d) => d.value ?? Number.NEGATIVE_INFINITY));
    const winners = drops.filter((d) => d.value !== null && d.value === best).map((d) => d.band);
    return {
      confirmed: (winners as string[]).includes(answer),
      measured: `Probability of ${o.trueDigit} on the whole picture: ${percent(o.base)}. Mean fall with the patch in the top third ${formatMeasure(o.top)}, middle ${formatMeasure(o.middle)}, bottom ${formatMeasure(o.bottom)}.`,
    };
  },
});

// --- diffusion-studio ----------------------------------------------------------------------------------

/** Steps within which the two schedules count as keeping the digit recognisable equally long. */
const RECOGNISABLE_MARGIN = 50;

function stepText(step: number | null): string {
  return step === null ? "not even at t = 0" : `until t = ${step}`;
}

const recognisableLonger = definePrediction({
  key: "diffusion-recognisable-longer",
  lab: "diffusion-studio",
  question: "As noise is added, under which schedule will the digit stay recognisable to a later step t?",
  answer: {
    kind: "choice",
    options: [
      { value: "cosine", label: "Cosine" },
      { value: "linear", label: "Linear" },
      { value: "same", label: "About the same (within 50 steps)" },
    ],
  },
  grade(answer, summary: DiffusionSummary) {
    const { cosine, linear } = summary.recognisableUntil;
    const c = cosine ?? -1;
    const l = linear ?? -1;
    const band = c - l > RECOGNISABLE_MARGIN ? "cosine" : l - c > RECOGNISABLE_MARGIN ? "linear" : "same";
    return {
      confirmed: answer === band,
      measured: `The classifier still named the ${summary.digit} ${stepText(cosine)} under the cosine schedule and ${stepText(linear)} under the linear one.`,
    };
  },
});

/** Largest RMS difference (on the [-1, 1] scale) at which two samples count as the same image. */
const SAME_IMAGE_RMS = 1e-4;

const sameImageTwice = definePrediction({
  key: "diffusion-same-image-twice",
  lab: "diffusion-studio",
  question: "Sampling twice from the same starting noise with this sampler, will you get exactly the same image?",
  answer: { kind: "boolean" },
  grade(answer, summary: DiffusionSummary) {
    const same = summary.repeatRms !== null && summary.repeatRms <= SAME_IMAGE_RMS;
    return {
      confirmed: answer === same,
      measured: `The two samples differ by ${formatMeasure(summary.repeatRms)} (root-mean-square, pixels from -1 to 1): ${same ? "the same image" : "different images"}.`,
    };
  },
});

const denoisedSameDigit = definePrediction({
  key: "diffusion-denoised-same-digit",
  lab: "diffusion-studio",
  question: "Denoising the digit from step t back to 0, will the result still be read as the same digit?",
  answer: { kind: "boolean" },
  grade(answer, summary: DiffusionSummary) {
    const same = summary.finalDigit === summary.digit;
    return {
      confirmed: answer === same,
      measured: `From t = ${summary.startStep}, the sampler's image reads as ${summary.finalDigit} (the source was ${summary.digit}); it differs from the source by ${formatMeasure(summary.sourceRms)} root-mean-square.`,
    };
  },
});

/** Every lab's predictions, in the order the page asks them. */
export const labPredictions: { readonly [L in GradedLab]: readonly LabPrediction<L>[] } = {
  "vanishing-gradients": [smallestGradientLayer, gradientRatio, lossBelow],
  "residual-shortcuts": [residualLossLower, residualFirstLayer],
  "l1-vs-l2": [moreZeros, smallestGap, penaltiesHelpTest],
  "transfer-learning": [finetuneBeatsScratch, bestTransferMode],
  "conv-darkroom": [verticalEdgeKernel, stackSharpness, occlusionBand],
  "diffusion-studio": [recognisableLonger, sameImageTwice, denoisedSameDigit],
};

/** Every prediction key, for checking `content/labs.yaml`. */
export const PREDICTION_KEYS: readonly string[] = Object.values(labPredictions).flatMap((list) =>
  list.map((p) => p.key),
);

/** The prediction with `key` in `lab`, if there is one. */
export function findPrediction(lab: string, key: string): LabPrediction | undefined {
  if (!isGradedLab(lab)) return undefined;
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
  if (!isGradedLab(lab)) return { ok: false, error: `unknown lab "${lab}"` };
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
