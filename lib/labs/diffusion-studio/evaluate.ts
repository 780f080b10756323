/**
 * Scoring a denoiser: noised copies of held-out digits at seeded random steps of both schedules, and the
 * mean squared error of the predicted noise against the true noise, beside the trivial predictor eps^ = 0
 * (whose error is the noise's variance, about 1).
 */
import type * as TF from "@tensorflow/tfjs";

import { gaussian, makeRng } from "../data";
import type { Tf } from "../tf";
import { type Denoiser, IMAGE_PIXELS, noiseLevels } from "./denoiser";
import { DIFFUSION_STEPS, type ScheduleKind, scheduleOf } from "./schedule";

/** Noised images with everything needed to score a prediction of their noise. */
export interface NoisedSet {
  readonly count: number;
  /** x_t, IMAGE_PIXELS values per image. */
  readonly noisy: Float32Array;
  /** The noise that made each x_t. */
  readonly eps: Float32Array;
  readonly alphaBars: Float32Array;
  readonly schedules: readonly ScheduleKind[];
  readonly steps: Int32Array;
}

/**
 * Noises each image (scale [-1, 1]) once: the schedule alternates cosine, linear, ...; the step is uniform
 * on 1..T and the noise standard normal, both drawn from `seed`.
 */
export function makeNoisedSet(images: Float32Array, seed: number): NoisedSet {
  if (images.length % IMAGE_PIXELS !== 0) throw new RangeError(`images must hold whole ${IMAGE_PIXELS}-pixel images`);
  const count = images.length / IMAGE_PIXELS;
  const rng = makeRng(seed, "diffusion:noised-set");
  const noisy = new Float32Array(images.length);
  const eps = new Float32Array(images.length);
  const alphaBars = new Float32Array(count);
  const steps = new Int32Array(count);
  const schedules: ScheduleKind[] = [];
  for (let i = 0; i < count; i++) {
    const kind: ScheduleKind = i % 2 === 0 ? "cosine" : "linear";
    const t = 1 + Math.floor(rng() * DIFFUSION_STEPS);
    const ab = scheduleOf(kind).alphaBars[t] as number;
    const a = Math.sqrt(ab);
    const b = Math.sqrt(1 - ab);
    for (let p = i * IMAGE_PIXELS; p < (i + 1) * IMAGE_PIXELS; p++) {
      const e = gaussian(rng);
      eps[p] = e;
      noisy[p] = a * (images[p] as number) + b * e;
    }
    alphaBars[i] = ab;
    steps[i] = t;
    schedules.push(kind);
  }
  return { count, noisy, eps, alphaBars, schedules, steps };
}

export interface EpsScore {
  /** Mean squared error of the denoiser's eps prediction, per pixel. */
  readonly model: number;
  /** Mean squared error of predicting 0, i.e. the mean of eps^2. */
  readonly trivial: number;
}

/** Scores `predict` (a batch of x_t [n, 784] and log-SNR levels [n] -> eps^ [n, 784]) on `set`, in chunks. */
export async function scoreEpsPrediction(
  tf: Tf,
  predict: (x: TF.Tensor2D, levels: TF.Tensor1D) => TF.Tensor2D,
  set: NoisedSet,
  chunk = 250,
): Promise<EpsScore> {
  const levels = noiseLevels(set.alphaBars);
  let modelSum = 0;
  for (let start = 0; start < set.count; start += chunk) {
    const size = Math.min(chunk, set.count - start);
    const sse = tf.tidy(() => {
      const x = tf.tensor2d(set.noisy.subarray(start * IMAGE_PIXELS, (start + size) * IMAGE_PIXELS), [size, IMAGE_PIXELS]);
      const e = tf.tensor2d(set.eps.subarray(start * IMAGE_PIXELS, (start + size) * IMAGE_PIXELS), [size, IMAGE_PIXELS]);
      return tf.sum(tf.square(tf.sub(predict(x, tf.tensor1d(levels.subarray(start, start + size))), e)));
    });
    modelSum += (await sse.data())[0] as number;
    sse.dispose();
  }
  let trivialSum = 0;
  for (const e of set.eps) trivialSum += e * e;
  return { model: modelSum / set.eps.length, trivial: trivialSum / set.eps.length };
}

/** `scoreEpsPrediction` for a loaded denoiser. */
export function scoreDenoiser(tf: Tf, denoiser: Denoiser, set: NoisedSet): Promise<EpsScore> {
  return scoreEpsPrediction(tf, (x, levels) => denoiser.predict(x, levels), set);
}
