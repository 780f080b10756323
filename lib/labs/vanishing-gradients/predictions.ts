/**
 * The vanishing-gradients lab's predictions and how a run grades them (prompts: content/labs.yaml).
 *
 * The gradient-flow predictions read the error signal dL/dz that backpropagation passes to each layer, in
 * root mean square per unit (size-fair: a 2 x width first layer is not smaller for having fewer weights),
 * measured over the run's first FLOW_STEPS steps (`flow.ts`), where vanishing and exploding gradients show:
 * after training, every gradient is small because the loss is. Whether a setting grades them, and what the
 * cards teach there, comes from the per-layer factor (`regime.ts`).
 *
 * Dead zones come from the measured spread over the FLOW_STEPS minibatches: a mean of per-step log10 values
 * closer to a boundary than T_975 standard errors (Student's t, FLOW_STEPS - 1 degrees of freedom, two-sided
 * 95%) is "too close to call".
 */
import { definePrediction, formatMeasure } from "../prediction";
import type { VanishingGradientsConfig } from "./config";
import { FLOW_STEPS } from "./flow";
import { gradientRegime, neitherReason } from "./regime";
import type { VanishingSummary } from "./summary";

type Config = VanishingGradientsConfig;
type Summary = VanishingSummary;

const LOSS_TARGET = 0.5;
/** Student's t 97.5% quantile with 7 degrees of freedom (FLOW_STEPS = 8 minibatches). */
const T_975 = 2.365;
/**
 * The loss prediction's dead zone: a final training loss within this many standard errors of 0.5 (the
 * per-point losses' spread over the 400 training points) is too close to call (two-sided 95%, normal).
 */
const LOSS_Z = 1.96;

/** The loss prediction is checked within the default training budget (steps x learning rate). */
const LOSS_BUDGET = 300 * 0.1;

const EXPLODED = { value: "exploded", label: "The gradients explode (they grow toward the input, or overflow to infinity or NaN)" } as const;

function sigmoidRun(config: Config): boolean {
  return config.activation === "sigmoid";
}

/** true, or why the gradient-flow predictions do not grade at these settings. */
function flowGraded(config: Config): true | string {
  return gradientRegime(config) === "neither" ? neitherReason(config) : true;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Standard error of the mean; 0 for a single value or when any value is infinite (an exact underflow). */
function stdError(values: readonly number[]): number {
  if (values.length < 2 || values.some((v) => !Number.isFinite(v))) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1) / values.length);
}

/** The flow's per-step error signals, or null when any of them was not finite (the gradients exploded). */
function finiteDeltas(summary: Summary): number[][] | null {
  const rows = summary.flow.delta;
  return rows.some((row) => row.some((v) => v === null)) ? null : (rows as number[][]);
}

/** log10 of each step's value, -Infinity for an exact 0 (an underflow). */
function logs(rows: readonly number[][], layer: number): number[] {
  return rows.map((row) => Math.log10(row[layer] as number));
}

function layerName(index: number, layers: number): string {
  return index === layers - 1 ? "the output unit" : `hidden layer ${index + 1} of ${layers - 1}`;
}

const DIVERGED = `Over the first ${FLOW_STEPS} steps a gradient overflowed to infinity or NaN: the gradients exploded.`;

const LAYERS = [
  { value: "first", label: "The first hidden layer" },
  { value: "middle", label: "A layer in the middle" },
  { value: "last", label: "The output layer" },
  EXPLODED,
] as const;

export const smallestGradientLayer = definePrediction({
  key: "vanishing-smallest-gradient-layer",
  answer: { kind: "choice", options: LAYERS },
  taught: (config: Config) => (gradientRegime(config) === "exploding" ? "exploded" : "first"),
  gradedWhen: flowGraded,
  cardConditions: {
    // The sigmoid's derivative bound is the reason only in a sigmoid network.
    "vanishing-exploding-gradients-sigmoid-bound": sigmoidRun,
  },
  read(summary: Summary, _config: Config) {
    const rows = finiteDeltas(summary);
    if (rows === null) return { accepted: ["exploded"], measured: DIVERGED };
    const layers = rows[0]?.length ?? 0;
    const means = Array.from({ length: layers }, (_, k) => mean(logs(rows, k)));
    const least = Math.min(...means);
    const at = means.flatMap((m, k) => (m === least ? [k] : []));
    const where = (k: number) => (k === 0 ? "first" : k === layers - 1 ? "last" : "middle");
    const accepted = new Set<"first" | "middle" | "last" | "exploded">(at.map(where));
    const first = at[0] as number;
    // Exploding: the first layer's signal over 1,000 times the output's, on average over the steps.
    const growth = (means[0] as number) - (means[layers - 1] as number);
    if (growth > 3) accepted.add("exploded");
    const measured = `Over the first ${FLOW_STEPS} steps the backpropagated gradient (RMS of dL/dz per unit) was smallest at ${layerName(first, layers)}: ${formatMeasure(10 ** least)}, against ${formatMeasure(10 ** (means[layers - 1] as number))} at the output unit.`;
    // Dead zone: a layer in another position whose signal is not clearly larger than the smallest one's.
    if (Number.isFinite(least)) {
      const smallestLogs = logs(rows, first);
      for (let k = 0; k < layers; k++) {
        if (accepted.has(where(k))) continue;
        const gaps = logs(rows, k).map((v, t) => v - (smallestLogs[t] as number));
        if (mean(gaps) < T_975 * stdError(gaps)) {
          return { accepted: "too-close", measured: `${measured} ${layerName(k, layers)} was within the step-to-step spread of it: too close to call.` };
        }
      }
    }
    return { accepted: [...accepted], measured };
  },
});

/** The ratio bands, as log10 of (output's signal / first hidden layer's). */
const RATIO_EDGES = [
  { edge: -3, below: "exploded", above: "under-10" },
  { edge: 1, below: "under-10", above: "10-to-1000" },
  { edge: 3, below: "10-to-1000", above: "over-1000" },
] as const;

export const gradientRatio = definePrediction({
  key: "vanishing-gradient-ratio",
  answer: {
    kind: "choice",
    options: [
      { value: "under-10", label: "Less than 10 times (or the first layer's is larger)" },
      { value: "10-to-1000", label: "Between 10 and 1,000 times" },
      { value: "over-1000", label: "More than 1,000 times" },
      { value: "exploded", label: "The gradients explode (the first layer's is over 1,000 times the output's, or overflows to infinity or NaN)" },
    ],
  },
  taught: (config: Config) => (gradientRegime(config) === "exploding" ? "exploded" : "over-1000"),
  gradedWhen: flowGraded,
  cardConditions: {
    // Only a sigmoid run exercises the sigmoid derivative's bound of 1/4.
    "activation-functions-sigmoid-derivative": sigmoidRun,
  },
  read(summary: Summary) {
    const rows = finiteDeltas(summary);
    if (rows === null) return { accepted: ["exploded"], measured: DIVERGED };
    const layers = rows[0]?.length ?? 0;
    const perStep = rows.map((row) => Math.log10((row[layers - 1] as number) / (row[0] as number)));
    const m = mean(perStep);
    const band = m < -3 ? "exploded" : m < 1 ? "under-10" : m < 3 ? "10-to-1000" : "over-1000";
    const said = m === Number.POSITIVE_INFINITY ? "the first layer's underflowed to exactly 0" : `the output's was ${formatMeasure(10 ** m)} times the first hidden layer's (geometric mean)`;
    const measured = `Over the first ${FLOW_STEPS} steps, the backpropagated gradient (RMS of dL/dz per unit): ${said}.`;
    if (!Number.isFinite(m)) return { accepted: [m > 0 ? "over-1000" : "exploded"], measured };
    const se = stdError(perStep);
    for (const { edge, below, above } of RATIO_EDGES) {
      if (m === edge) return { accepted: [below, above], measured };
      if (Math.abs(m - edge) < T_975 * se) {
        return { accepted: "too-close", measured: `${measured} That is within the step-to-step spread of ${formatMeasure(10 ** edge)} times: too close to call.` };
      }
    }
    return { accepted: [band], measured };
  },
});

export const lossBelow = definePrediction({
  key: "vanishing-loss-below-half",
  answer: { kind: "boolean" },
  // Graded only where the gradient vanishes or explodes: the loss then stays near chance or diverges.
  taught: () => false,
  gradedWhen(config: Config) {
    const flow = flowGraded(config);
    if (flow !== true) return flow;
    if (config.steps * config.learningRate > LOSS_BUDGET) {
      return "a longer or faster training budget than the default (steps x learning rate over 30) can eventually train through a small gradient";
    }
    return true;
  },
  cardConditions: {
    // The card's fact is about small initial weights.
    "weight-initialization-small-init-vanishes": (config: Config) => config.init === "small",
  },
  read(summary: Summary) {
    const loss = summary.net.finalTrainLoss;
    const measured = `The training loss went from ${formatMeasure(summary.net.initialTrainLoss)} to ${formatMeasure(loss)} in ${summary.steps} steps.`;
    if (loss === null) return { accepted: [false], measured };
    const se = summary.finalLossStdError ?? 0;
    if (loss === LOSS_TARGET) return { accepted: [false], measured };
    if (Math.abs(loss - LOSS_TARGET) < LOSS_Z * se) {
      return { accepted: "too-close", measured: `${measured} That is within ${LOSS_Z} standard errors (${formatMeasure(se)}) of 0.5: too close to call.` };
    }
    return { accepted: [loss < LOSS_TARGET], measured };
  },
});

export const vanishingGradientsPredictions = [smallestGradientLayer, gradientRatio, lossBelow];
