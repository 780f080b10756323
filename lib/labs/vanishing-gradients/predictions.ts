/** The vanishing-gradients lab's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, formatMeasure, smallest } from "../prediction";
import type { VanishingGradientsConfig } from "./config";
import type { VanishingSummary } from "./summary";

type Config = VanishingGradientsConfig;
type Summary = VanishingSummary;

const LOSS_TARGET = 0.5;

function layerName(index: number, layers: number): string {
  return index === layers - 1 ? `the output layer (layer ${layers})` : `layer ${index + 1} of ${layers}`;
}

const LAYERS = [
  { value: "first", label: "The first hidden layer" },
  { value: "middle", label: "A layer in the middle" },
  { value: "last", label: "The output layer" },
] as const;

export const smallestGradientLayer = definePrediction({
  key: "vanishing-smallest-gradient-layer",
  answer: { kind: "choice", options: LAYERS },
  taught: () => "first",
  read(summary: Summary, _config: Config) {
    const norms = summary.net.gradNorms;
    const at = smallest(norms.map((value, i) => ({ option: i, value })));
    if (at.length === 0) return { accepted: [], measured: "No layer's gradient was a finite number (the run diverged)." };
    const where = (i: number) => (i === 0 ? "first" : i === norms.length - 1 ? "last" : "middle");
    const first = at[0] as number;
    return {
      accepted: [...new Set(at.map(where))],
      measured: `The smallest gradient norm was at ${layerName(first, norms.length)}: ${formatMeasure(norms[first] ?? null)}, against ${formatMeasure(norms[norms.length - 1] ?? null)} at the output layer.`,
    };
  },
});

export const gradientRatio = definePrediction({
  key: "vanishing-gradient-ratio",
  answer: {
    kind: "choice",
    options: [
      { value: "under-10", label: "Less than 10 times" },
      { value: "10-to-1000", label: "Between 10 and 1,000 times" },
      { value: "over-1000", label: "More than 1,000 times" },
    ],
  },
  taught: (config: Config) => (config.activation === "sigmoid" ? "over-1000" : "under-10"),
  read(summary: Summary) {
    const norms = summary.net.gradNorms;
    const first = norms[0] ?? null;
    const last = norms[norms.length - 1] ?? null;
    if (first === null || last === null) {
      return { accepted: [], measured: "The gradients were not finite numbers (the run diverged)." };
    }
    const ratio = first === 0 ? Number.POSITIVE_INFINITY : last / first;
    const band = ratio < 10 ? "under-10" : ratio <= 1000 ? "10-to-1000" : "over-1000";
    const said = first === 0 ? "the first layer's gradient underflowed to exactly 0" : `the ratio was ${formatMeasure(ratio)}`;
    return {
      accepted: [band],
      measured: `Output layer ${formatMeasure(last)}, first hidden layer ${formatMeasure(first)}: ${said}.`,
    };
  },
});

export const lossBelow = definePrediction({
  key: "vanishing-loss-below-half",
  answer: { kind: "boolean" },
  taught: (config: Config) => config.activation !== "sigmoid",
  read(summary: Summary) {
    const loss = summary.net.finalTrainLoss;
    const fell = loss !== null && loss < LOSS_TARGET;
    return {
      accepted: [fell],
      measured: `The training loss went from ${formatMeasure(summary.net.initialTrainLoss)} to ${formatMeasure(loss)} in ${summary.steps} steps.`,
    };
  },
});

export const vanishingGradientsPredictions = [smallestGradientLayer, gradientRatio, lossBelow];
