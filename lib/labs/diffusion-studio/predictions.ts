/**
 * The Diffusion Studio's predictions and how a run grades them (prompts: content/labs.yaml).
 *
 * - recognisable-longer: both schedules' recognition curves are measured on every run, so every run grades
 *   both schedule cards. The step up to which each schedule keeps the digit recognisable is known to a range
 *   set by the spread of the classifier's probability over the noise draws (`recognisableBounds`); a schedule
 *   "keeps it longer" only when its range lies wholly after the other's, otherwise the run is too close to call.
 *   A run whose classifier still names the digit in pure noise (t = T) measures nothing; the shipped classifier
 *   does so for every 8 (it reads pure noise as an 8: test/unit/labs-diffusion/run.test.ts checks), so 8s are
 *   ungraded.
 * - same-image-twice: a deterministic sampler reproduces its image up to float rounding, DDIM with eta = 1 adds
 *   fresh noise at every step that does not end at t = 0. Differences between rounding and one grey level are
 *   too close to call. The eta = 0 card is graded by DDIM eta = 0 runs only, the DDPM-step card (fresh noise)
 *   by eta = 1 runs that draw fresh noise (two steps or more).
 * - denoised-same-digit: graded where the start step keeps at least as much signal variance as noise variance
 *   (alphaBar_t >= 1/2, SNR >= 1, in closed form from the schedule); below that, whether the sampler finds the
 *   source digit again depends on the picture and the noise (the shipped denoiser keeps it in about a third of
 *   runs from the linear schedule's t = 500), so nothing is graded. A sampler that draws fresh noise (DDIM
 *   eta = 1) adds, over the run, noise of about the variance it removes, and can walk to another digit from
 *   there: it grades only where the digit's amplitude is at least twice the noise's (alphaBar_t >= 0.8, SNR >= 4).
 *   Measured over seeds 1-10 and the digits 0-7 and 9 at 3, 10 and 50 steps: from the cosine t = 250
 *   (alphaBar 0.85) no run is refuted, from t = 300 (0.79) some are, and from the default t = 400 up to 2 in 10.
 */
import { definePrediction, formatMeasure } from "../prediction";
import type { DiffusionStudioConfig } from "./config";
import { evaluationsFor, RECOGNISED, RECOGNITION_Z } from "./run";
import { isStochastic } from "./samplers";
import { alphaBarAt, DIFFUSION_STEPS, scheduleOf, snrOf } from "./schedule";
import type { DiffusionSummary } from "./summary";

type Config = DiffusionStudioConfig;
type Summary = DiffusionSummary;

/** The digit the shipped classifier names in pure noise. */
export const NOISE_READS_AS = 8;

function stepText(step: number | null): string {
  return step === null ? "not even at t = 0" : `until t = ${step}`;
}

function rangeText(bounds: { low: number | null; high: number | null }): string {
  return `${bounds.low ?? "none"} to ${bounds.high ?? "none"}`;
}

export const recognisableLonger = definePrediction({
  key: "diffusion-recognisable-longer",
  answer: {
    kind: "choice",
    options: [
      { value: "cosine", label: "Cosine" },
      { value: "linear", label: "Linear" },
      { value: "same", label: "About the same" },
    ],
  },
  taught: () => "cosine",
  gradedWhen(config: Config) {
    return config.digit === NOISE_READS_AS
      ? `The digit classifier reads pure noise as an ${NOISE_READS_AS}, so it "recognises" an ${NOISE_READS_AS} at every step under both schedules: pick another digit to compare them.`
      : true;
  },
  read(summary: Summary, _config: Config) {
    const { cosine, linear } = summary.recognisableUntil;
    const b = summary.recognisableBounds;
    const said = `The classifier still named the ${summary.digit} ${stepText(cosine)} under the cosine schedule and ${stepText(linear)} under the linear one`;
    const ranges = `(within the spread of its ${RECOGNITION_Z}-standard-error band over the noise draws: cosine ${rangeText(b.cosine)}, linear ${rangeText(b.linear)})`;
    if (cosine === null && linear === null) {
      return { accepted: "too-close", measured: `The classifier does not read this picture as a ${summary.digit} even without noise, so the run cannot compare the schedules.` };
    }
    if (cosine === DIFFUSION_STEPS || linear === DIFFUSION_STEPS) {
      return { accepted: "too-close", measured: `${said}: the classifier names the ${summary.digit} even in pure noise, so the run cannot compare the schedules.` };
    }
    // A schedule keeps the digit longer when it surely still recognises it past the last step at which the
    // other one possibly does; a missing bound is below every step.
    const low = (x: number | null) => x ?? -1;
    const cosineLonger = low(b.cosine.low) > low(b.linear.high);
    const linearLonger = low(b.linear.low) > low(b.cosine.high);
    if (!cosineLonger && !linearLonger) {
      return { accepted: "too-close", measured: `${said}, ${ranges}: the ranges overlap, too close to call.` };
    }
    return { accepted: [cosineLonger ? "cosine" : "linear"], measured: `${said} ${ranges}.` };
  },
});

/** Largest RMS difference (pixels on the [-1, 1] scale) that float32 rounding over many steps can explain. */
const SAME_IMAGE_RMS = 1e-4;
/** One grey level of an 8-bit display on the [-1, 1] scale: smaller differences cannot be seen. */
const ONE_GREY_LEVEL = 2 / 255;

/** True when the sampler draws fresh noise in this run: DDIM eta = 1 adds none on a step that ends at t = 0. */
function drawsFreshNoise(config: Config): boolean {
  return isStochastic(config.sampler) && evaluationsFor(config) >= 2;
}

export const sameImageTwice = definePrediction({
  key: "diffusion-same-image-twice",
  answer: { kind: "boolean" },
  taught: (config: Config) => !drawsFreshNoise(config),
  cardConditions: {
    "diffusion-sampling-ddim-eta0": (config: Config) => config.sampler === "ddim-eta0",
    "diffusion-sampling-ddpm-step": (config: Config) => drawsFreshNoise(config),
  },
  read(summary: Summary) {
    const rms = summary.repeatRms;
    const said = `The two samples differ by ${formatMeasure(rms)} (root-mean-square, pixels from -1 to 1)`;
    if (rms === null) return { accepted: "too-close", measured: `${said}: the run diverged.` };
    if (rms > SAME_IMAGE_RMS && rms < ONE_GREY_LEVEL) {
      return { accepted: "too-close", measured: `${said}: more than rounding, less than one grey level, too close to call.` };
    }
    const same = rms <= SAME_IMAGE_RMS;
    return { accepted: [same], measured: `${said}: ${same ? "the same image" : "different images"}.` };
  },
});

/** alphaBar at or above which the start keeps at least as much signal variance as noise (SNR >= 1). */
const SIGNAL_DOMINATES = 0.5;
/** The same for a sampler that draws fresh noise: the signal's amplitude twice the noise's (SNR >= 4). */
const SIGNAL_DOMINATES_FRESH_NOISE = 0.8;
/** Classifier probability below which the final image reads as no digit clearly. */
const READS_AS = RECOGNISED;

export const denoisedSameDigit = definePrediction({
  key: "diffusion-denoised-same-digit",
  answer: { kind: "boolean" },
  taught: () => true,
  gradedWhen(config: Config) {
    const t = Math.max(1, config.t);
    const alphaBar = alphaBarAt(scheduleOf(config.schedule), t);
    if (drawsFreshNoise(config)) {
      if (alphaBar >= SIGNAL_DOMINATES_FRESH_NOISE) return true;
      return `At t = ${t} the ${config.schedule} schedule keeps alpha-bar = ${formatMeasure(alphaBar)} (SNR ${formatMeasure(snrOf(alphaBar))}), and DDIM with eta = 1 adds fresh noise at every step, so the sampler can walk to another digit: this run grades nothing (with fresh noise it does from an SNR of 4 and up, with eta = 0 or Euler from an SNR of 1).`;
    }
    if (alphaBar >= SIGNAL_DOMINATES) return true;
    return `At t = ${t} the ${config.schedule} schedule keeps alpha-bar = ${formatMeasure(alphaBar)} (SNR ${formatMeasure(snrOf(alphaBar))}): the noise outweighs the digit, and whether the sampler finds the same digit again depends on the picture and the noise, so this run grades nothing (it does from an SNR of 1 and up).`;
  },
  read(summary: Summary) {
    const said = `From t = ${summary.startStep}, the sampler's image reads as ${summary.finalDigit} with probability ${formatMeasure(summary.finalProbability)} (the source was ${summary.digit}); it differs from the source by ${formatMeasure(summary.sourceRms)} root-mean-square`;
    if (summary.recognisableUntil.cosine === null) {
      return { accepted: "too-close", measured: `${said}, but the classifier does not read the source itself as a ${summary.digit}: the run cannot tell.` };
    }
    if (summary.finalProbability < READS_AS) {
      return { accepted: "too-close", measured: `${said}: the classifier gives no digit even odds, too close to call.` };
    }
    return { accepted: [summary.finalDigit === summary.digit], measured: `${said}.` };
  },
});

export const diffusionStudioPredictions = [recognisableLonger, sameImageTwice, denoisedSameDigit];
