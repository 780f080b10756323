/**
 * A Diffusion Studio run: how long the source digit stays recognisable under each schedule (read by the
 * digit classifier), then the chosen sampler run twice from the digit noised to step t, and the summary
 * that predictions are graded against. The two samplings share their start and differ only in the fresh
 * noise DDIM with eta = 1 draws, so a deterministic sampler gives the same image twice.
 */
import type { DiffusionStudioConfig } from "./config";
import { gaussian, makeRng } from "../data";
import type { DiffusionSummary } from "./summary";
import { IMAGE_PIXELS } from "./denoiser";
import { noiseWith, toModelScale, toPixelScale } from "./forward";
import { type EpsFn, samplingTimesteps, type SamplerStep, sampleSteps } from "./samplers";
import { alphaBarAt, DIFFUSION_STEPS, type ScheduleKind, scheduleOf } from "./schedule";

/** Classifies `count` 28x28 images (grey levels in [0, 1], one array): probabilities by digit per image. */
export type DigitClassify = (images: Float32Array, count: number) => Promise<Float32Array[]>;

/** Steps between the points of a recognition curve. */
export const RECOGNITION_EVERY = 20;
/** Noise draws per point of a recognition curve. */
export const RECOGNITION_DRAWS = 8;
/** Mean probability of the source digit above which it counts as recognised. */
export const RECOGNISED = 0.5;
/**
 * Standard errors a point's mean probability must lie above (below) RECOGNISED for the digit to count as
 * surely (surely not) recognised there: about a 95% two-sided band per point.
 */
export const RECOGNITION_Z = 2;

/**
 * The source digit's mean probability under the classifier at steps 0, every, 2 every, ..., T, and the
 * standard error of each mean over the noise draws (sample standard deviation / sqrt(draws)).
 */
export interface RecognitionCurve {
  readonly steps: number[];
  readonly probability: number[];
  readonly standardError: number[];
}

export interface RecognitionOptions {
  readonly every?: number;
  readonly draws?: number;
  readonly yieldToEvents?: () => Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * Noises the source (grey levels in [0, 1]) at every `every`-th step of a schedule, `draws` times each
 * with seeded noise, and averages the classifier's probability of `digit` on what a viewer sees (x_t mapped
 * back to grey levels). One classifier call per step, with a yield in between.
 */
export async function recognitionCurve(
  classify: DigitClassify,
  source: Float32Array,
  digit: number,
  kind: ScheduleKind,
  seed: number,
  options: RecognitionOptions = {},
): Promise<RecognitionCurve> {
  const every = options.every ?? RECOGNITION_EVERY;
  const draws = options.draws ?? RECOGNITION_DRAWS;
  const schedule = scheduleOf(kind);
  const x0 = toModelScale(source);
  // The same noise draws at every step and under both schedules, so the curves differ only by the schedule.
  const rng = makeRng(seed, "diffusion:recognition");
  const noises = Array.from({ length: draws }, () => Float32Array.from({ length: IMAGE_PIXELS }, () => gaussian(rng)));
  const steps: number[] = [];
  const probability: number[] = [];
  const standardError: number[] = [];
  for (let t = 0; t <= DIFFUSION_STEPS; t += every) {
    options.signal?.throwIfAborted();
    const ab = alphaBarAt(schedule, t);
    const batch = new Float32Array(draws * IMAGE_PIXELS);
    noises.forEach((eps, k) => batch.set(toPixelScale(noiseWith(x0, ab, eps)), k * IMAGE_PIXELS));
    const probs = await classify(batch, draws);
    const values = probs.map((p) => p[digit] as number);
    const mean = values.reduce((sum, v) => sum + v, 0) / draws;
    const variance = draws > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (draws - 1) : 0;
    steps.push(t);
    probability.push(mean);
    standardError.push(Math.sqrt(variance / draws));
    if (options.yieldToEvents) await options.yieldToEvents();
  }
  return { steps, probability, standardError };
}

/** The last step before the curve first falls below RECOGNISED; null when it starts below. */
export function recognisableUntil(curve: RecognitionCurve): number | null {
  let last: number | null = null;
  for (let i = 0; i < curve.steps.length; i++) {
    if ((curve.probability[i] as number) < RECOGNISED) return last;
    last = curve.steps[i] as number;
  }
  return last;
}

/**
 * Where the curve crosses RECOGNISED, with its uncertainty from the noise draws: `low` is the last step
 * before the first point whose mean is not RECOGNITION_Z standard errors above RECOGNISED (the digit is
 * surely recognised up to there; null when not even at the first point), `high` the last step before the
 * first point whose mean is RECOGNITION_Z standard errors below it (surely not recognised from the next point;
 * null when that is already the first point). The point estimate `recognisableUntil` lies between the two.
 */
export function recognisableBounds(curve: RecognitionCurve): { low: number | null; high: number | null } {
  const lastBefore = (fails: (i: number) => boolean): number | null => {
    let last: number | null = null;
    for (let i = 0; i < curve.steps.length; i++) {
      if (fails(i)) return last;
      last = curve.steps[i] as number;
    }
    return last;
  };
  const mean = (i: number) => curve.probability[i] as number;
  const se = (i: number) => curve.standardError[i] ?? 0;
  return {
    low: lastBefore((i) => mean(i) - RECOGNITION_Z * se(i) <= RECOGNISED),
    high: lastBefore((i) => mean(i) + RECOGNITION_Z * se(i) < RECOGNISED),
  };
}

/** The source noised to step t of a schedule with seeded noise (scale [-1, 1]), and that noise. */
export function noisedSource(
  source: Float32Array,
  kind: ScheduleKind,
  t: number,
  seed: number,
): { xt: Float32Array; eps: Float32Array } {
  const rng = makeRng(seed, "diffusion:source-noise");
  const eps = Float32Array.from({ length: IMAGE_PIXELS }, () => gaussian(rng));
  return { xt: noiseWith(toModelScale(source), alphaBarAt(scheduleOf(kind), t), eps), eps };
}

/** Root-mean-square difference of two equal-length arrays. */
export function rms(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError("the arrays differ in length");
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(sum / a.length);
}

/** One step of the paired sampling: both chains' states, split per image. */
export interface PairStep {
  readonly step: SamplerStep;
  /** The first chain's view of this step (x_t, predicted eps, predicted x0, next x). */
  readonly first: { x: Float32Array; x0: Float32Array; xNext: Float32Array };
  readonly secondNext: Float32Array;
}

/** The configuration fields a run reads. */
export type DiffusionRunConfig = Pick<DiffusionStudioConfig, "schedule" | "sampler" | "steps" | "t" | "seed">;

/**
 * Runs the configured sampler on two copies of `start` at once (one network call per step for both),
 * yielding after every step. DDIM with eta = 1 draws its fresh noise for the two copies from one stream,
 * so they receive different noise; the deterministic samplers draw none.
 */
export async function* samplePair(eps: EpsFn, start: Float32Array, config: DiffusionRunConfig): AsyncGenerator<PairStep> {
  const t = Math.max(1, config.t);
  const pair = new Float32Array(2 * IMAGE_PIXELS);
  pair.set(start, 0);
  pair.set(start, IMAGE_PIXELS);
  const steps = sampleSteps(eps, {
    schedule: scheduleOf(config.schedule),
    sampler: config.sampler,
    steps: config.steps,
    startStep: t,
    start: pair,
    noise: makeRng(config.seed, "diffusion:sampling-noise"),
  });
  for await (const step of steps) {
    yield {
      step,
      first: {
        x: step.x.subarray(0, IMAGE_PIXELS),
        x0: step.x0.subarray(0, IMAGE_PIXELS),
        xNext: step.xNext.subarray(0, IMAGE_PIXELS),
      },
      secondNext: step.xNext.subarray(IMAGE_PIXELS),
    };
  }
}

/** Network evaluations a sampling run from step t makes. */
export function evaluationsFor(config: Pick<DiffusionRunConfig, "steps" | "t">): number {
  return samplingTimesteps(Math.max(1, config.t), config.steps).length - 1;
}

export interface DiffusionMeasurements {
  readonly config: DiffusionRunConfig & { readonly digit: number };
  /** The shipped picture noised (its index among those of `digit`); null for a drawing. */
  readonly sample: number | null;
  readonly curves: Record<ScheduleKind, RecognitionCurve>;
  /** The two final samples (scale [-1, 1]). */
  readonly finalA: Float32Array;
  readonly finalB: Float32Array;
  /** The source digit, grey levels in [0, 1]. */
  readonly source: Float32Array;
  /** The digit the classifier reads in the first final sample, and the probability it gives that digit. */
  readonly finalDigit: number;
  readonly finalProbability: number;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** The run's summary from its measurements. */
export function summarizeDiffusionRun(m: DiffusionMeasurements): DiffusionSummary {
  return {
    lab: "diffusion-studio",
    steps: m.config.steps,
    schedule: m.config.schedule,
    sampler: m.config.sampler,
    startStep: Math.max(1, m.config.t),
    evaluations: evaluationsFor(m.config),
    digit: m.config.digit,
    sample: m.sample,
    recognisableUntil: { cosine: recognisableUntil(m.curves.cosine), linear: recognisableUntil(m.curves.linear) },
    recognisableBounds: { cosine: recognisableBounds(m.curves.cosine), linear: recognisableBounds(m.curves.linear) },
    repeatRms: finiteOrNull(rms(m.finalA, m.finalB)),
    sourceRms: finiteOrNull(rms(m.finalA, toModelScale(m.source))),
    finalDigit: m.finalDigit,
    finalProbability: Math.min(1, Math.max(0, m.finalProbability)),
  };
}
