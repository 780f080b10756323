/** The Diffusion Studio's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, formatMeasure } from "../prediction";
import type { DiffusionStudioConfig } from "./config";
import type { DiffusionSummary } from "./summary";

type Config = DiffusionStudioConfig;
type Summary = DiffusionSummary;

/** Steps within which the two schedules count as keeping the digit recognisable equally long. */
const RECOGNISABLE_MARGIN = 50;

function stepText(step: number | null): string {
  return step === null ? "not even at t = 0" : `until t = ${step}`;
}

export const recognisableLonger = definePrediction({
  key: "diffusion-recognisable-longer",
  answer: {
    kind: "choice",
    options: [
      { value: "cosine", label: "Cosine" },
      { value: "linear", label: "Linear" },
      { value: "same", label: "About the same (within 50 steps)" },
    ],
  },
  taught: () => "cosine",
  read(summary: Summary, _config: Config) {
    const { cosine, linear } = summary.recognisableUntil;
    const c = cosine ?? -1;
    const l = linear ?? -1;
    const band = c - l > RECOGNISABLE_MARGIN ? "cosine" : l - c > RECOGNISABLE_MARGIN ? "linear" : "same";
    return {
      accepted: [band],
      measured: `The classifier still named the ${summary.digit} ${stepText(cosine)} under the cosine schedule and ${stepText(linear)} under the linear one.`,
    };
  },
});

/** Largest RMS difference (on the [-1, 1] scale) at which two samples count as the same image. */
const SAME_IMAGE_RMS = 1e-4;

export const sameImageTwice = definePrediction({
  key: "diffusion-same-image-twice",
  answer: { kind: "boolean" },
  taught: (config: Config) => config.sampler !== "ddim-eta1",
  read(summary: Summary) {
    const same = summary.repeatRms !== null && summary.repeatRms <= SAME_IMAGE_RMS;
    return {
      accepted: [same],
      measured: `The two samples differ by ${formatMeasure(summary.repeatRms)} (root-mean-square, pixels from -1 to 1): ${same ? "the same image" : "different images"}.`,
    };
  },
});

export const denoisedSameDigit = definePrediction({
  key: "diffusion-denoised-same-digit",
  answer: { kind: "boolean" },
  taught: (config: Config) => config.t <= 500,
  read(summary: Summary) {
    const same = summary.finalDigit === summary.digit;
    return {
      accepted: [same],
      measured: `From t = ${summary.startStep}, the sampler's image reads as ${summary.finalDigit} (the source was ${summary.digit}); it differs from the source by ${formatMeasure(summary.sourceRms)} root-mean-square.`,
    };
  },
});

export const diffusionStudioPredictions = [recognisableLonger, sameImageTwice, denoisedSameDigit];
