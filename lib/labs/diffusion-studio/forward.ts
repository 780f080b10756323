/**
 * The forward (noising) process on images held as Float32Arrays in [-1, 1], two ways: in closed form,
 * x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps, and step by step,
 * x_k = sqrt(1 - beta_k) x_{k-1} + sqrt(beta_k) z_k. Both give the same distribution of x_t; the closed form
 * is what training and the lab's slider use. Randomness comes from a seeded generator.
 */
import { gaussian, type Rng } from "../data";
import { alphaBarAt, type NoiseSchedule } from "./schedule";

/** Fills a new array of `length` standard normal samples from `rng`. */
export function gaussianNoise(length: number, rng: Rng): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = gaussian(rng);
  return out;
}

/** x_t = sqrt(alphaBar) x0 + sqrt(1 - alphaBar) eps, for a given noise `eps` (same length as x0). */
export function noiseWith(x0: Float32Array, alphaBar: number, eps: Float32Array): Float32Array {
  if (eps.length !== x0.length) throw new RangeError("the noise and the image differ in length");
  const a = Math.sqrt(alphaBar);
  const b = Math.sqrt(1 - alphaBar);
  const out = new Float32Array(x0.length);
  for (let i = 0; i < x0.length; i++) out[i] = a * (x0[i] as number) + b * (eps[i] as number);
  return out;
}

/** A draw of x_t ~ q(x_t | x_0) in one step; returns the noise used too. */
export function noiseClosedForm(
  x0: Float32Array,
  schedule: NoiseSchedule,
  t: number,
  rng: Rng,
): { xt: Float32Array; eps: Float32Array } {
  const eps = gaussianNoise(x0.length, rng);
  return { xt: noiseWith(x0, alphaBarAt(schedule, t), eps), eps };
}

/** A draw of x_t by applying the t single-step noisings q(x_k | x_{k-1}) one after another. */
export function noiseIterated(x0: Float32Array, schedule: NoiseSchedule, t: number, rng: Rng): Float32Array {
  alphaBarAt(schedule, t);
  const x = Float32Array.from(x0);
  for (let k = 1; k <= t; k++) {
    const beta = schedule.betas[k] as number;
    const keep = Math.sqrt(1 - beta);
    const add = Math.sqrt(beta);
    for (let i = 0; i < x.length; i++) x[i] = keep * (x[i] as number) + add * gaussian(rng);
  }
  return x;
}

/** Grey levels in [0, 1] (0 = background) to the model's scale [-1, 1]. */
export function toModelScale(pixels: ArrayLike<number>): Float32Array {
  return Float32Array.from(pixels, (v) => 2 * v - 1);
}

/** The model's scale [-1, 1] back to grey levels, clipped to [0, 1] for display. */
export function toPixelScale(x: ArrayLike<number>): Float32Array {
  return Float32Array.from(x, (v) => Math.min(1, Math.max(0, (v + 1) / 2)));
}
