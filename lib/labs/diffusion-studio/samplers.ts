/**
 * Reverse-process samplers over a chosen number of steps, on plain Float32Arrays. The network is behind
 * `EpsFn`, so the same code samples with the trained denoiser in the browser and with an exact noise
 * predictor in tests. Writing a = sqrt(alphaBar_t), b = sqrt(1 - alphaBar_t) and eps^ for the prediction:
 *
 *   predicted clean image   x0^ = (x_t - b eps^) / a            (clipped to [-1, 1] by default)
 *
 *   DDIM (Song et al. 2021), from t to an earlier s:
 *     sigma = eta sqrt((1 - abar_s) / (1 - abar_t)) sqrt(1 - abar_t / abar_s)
 *     x_s   = sqrt(abar_s) x0^ + sqrt(1 - abar_s - sigma^2) eps^ + sigma z,   z ~ N(0, I)
 *   eta = 0 adds no fresh noise (a deterministic map from the start), eta = 1 is as noisy as DDPM.
 *
 *   Euler on the probability-flow ODE dx/dt = -beta(t)/2 (x - eps^ / b), with beta(t) dt = -d log abar:
 *     x_s = x_t + (log abar_s - log abar_t) / 2 (x_t - eps^ / b_t)
 *   deterministic too, and a first-order method in t: it needs more steps than DDIM for the same image.
 */
import { gaussian, type Rng } from "../data";
import type { DIFFUSION_SAMPLERS } from "./config";
import { alphaBarAt, type NoiseSchedule } from "./schedule";

export type SamplerKind = (typeof DIFFUSION_SAMPLERS)[number];

/** Predicts the noise in `x` at step `t` (alphaBar given for convenience). */
export type EpsFn = (x: Float32Array, alphaBar: number, t: number) => Promise<Float32Array>;

/**
 * The steps a sampler visits, from `start` down to 0: round(start (1 - i / steps)) for i = 0..steps, without
 * repeats. Fewer than `steps` + 1 entries when `steps` exceeds `start`.
 */
export function samplingTimesteps(start: number, steps: number): number[] {
  if (!Number.isInteger(start) || start < 1) throw new RangeError(`sampling must start at a step of at least 1, got ${start}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive whole number, got ${steps}`);
  const out: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = Math.round(start * (1 - i / steps));
    if (out[out.length - 1] !== t) out.push(t);
  }
  return out;
}

export interface SamplerOptions {
  readonly schedule: NoiseSchedule;
  readonly sampler: SamplerKind;
  /** Number of network evaluations (at most `startStep`). */
  readonly steps: number;
  /** The step the start image is at (T for pure noise, or the step a known image was noised to). */
  readonly startStep: number;
  /** x at `startStep`. Not modified. */
  readonly start: Float32Array;
  /** Fresh noise for DDIM with eta = 1; the deterministic samplers never draw from it. */
  readonly noise: Rng;
  /** Clip x0^ to [-1, 1] in the DDIM update (default true). */
  readonly clipX0?: boolean;
}

/** One step of a sampling run: the state at `t`, what the network said, and the state it moved to at `next`. */
export interface SamplerStep {
  /** 0-based index of this step. */
  readonly index: number;
  readonly total: number;
  readonly t: number;
  readonly next: number;
  /** x at step t. */
  readonly x: Float32Array;
  readonly eps: Float32Array;
  /** The clean image predicted at step t (clipped to [-1, 1]). */
  readonly x0: Float32Array;
  /** x at step `next`. */
  readonly xNext: Float32Array;
}

/** The eta of each DDIM sampler, null for Euler. */
export function etaOf(sampler: SamplerKind): number | null {
  return sampler === "ddim-eta0" ? 0 : sampler === "ddim-eta1" ? 1 : null;
}

/** True when the sampler draws fresh noise during sampling. */
export function isStochastic(sampler: SamplerKind): boolean {
  return sampler === "ddim-eta1";
}

function clip(v: number): number {
  return v < -1 ? -1 : v > 1 ? 1 : v;
}

/** x0^ = (x - b eps) / a, clipped to [-1, 1] when asked. */
export function predictX0(x: Float32Array, eps: Float32Array, alphaBar: number, clipped = true): Float32Array {
  const a = Math.sqrt(alphaBar);
  const b = Math.sqrt(1 - alphaBar);
  return Float32Array.from(x, (v, i) => {
    const x0 = (v - b * (eps[i] as number)) / a;
    return clipped ? clip(x0) : x0;
  });
}

/** One DDIM update from step t (alphaBar abT) to s (abS) with the given eta. */
export function ddimStep(
  x: Float32Array,
  eps: Float32Array,
  abT: number,
  abS: number,
  eta: number,
  noise: Rng,
  clipX0 = true,
): Float32Array {
  const x0 = predictX0(x, eps, abT, clipX0);
  // With clipping, the noise is re-derived from the clipped x0^ so that x0^ and eps^ still add up to x_t;
  // re-noising a clipped x0^ with the raw eps^ pushes x off the noise level it claims to be at.
  const aT = Math.sqrt(abT);
  const bT = Math.sqrt(1 - abT);
  const e = clipX0 ? Float32Array.from(x, (v, i) => (v - aT * (x0[i] as number)) / bT) : eps;
  const sigma = eta === 0 ? 0 : eta * Math.sqrt((1 - abS) / (1 - abT)) * Math.sqrt(Math.max(0, 1 - abT / abS));
  const a = Math.sqrt(abS);
  const dir = Math.sqrt(Math.max(0, 1 - abS - sigma * sigma));
  return Float32Array.from(x0, (v, i) => a * v + dir * (e[i] as number) + (sigma > 0 ? sigma * gaussian(noise) : 0));
}

/** One Euler step of the probability-flow ODE from step t (alphaBar abT) to s (abS). */
export function eulerStep(x: Float32Array, eps: Float32Array, abT: number, abS: number): Float32Array {
  const h = (Math.log(abS) - Math.log(abT)) / 2;
  const b = Math.sqrt(1 - abT);
  return Float32Array.from(x, (v, i) => v + h * (v - (eps[i] as number) / b));
}

/**
 * Runs a sampler step by step, yielding after every network evaluation, so a page can draw the trajectory
 * and give the event loop a turn in between. The last step lands at t = 0.
 */
export async function* sampleSteps(eps: EpsFn, options: SamplerOptions): AsyncGenerator<SamplerStep> {
  const { schedule, sampler } = options;
  alphaBarAt(schedule, options.startStep);
  const times = samplingTimesteps(options.startStep, options.steps);
  const eta = etaOf(sampler);
  const clipX0 = options.clipX0 ?? true;
  let x: Float32Array = Float32Array.from(options.start);
  for (let i = 0; i + 1 < times.length; i++) {
    const t = times[i] as number;
    const s = times[i + 1] as number;
    const abT = alphaBarAt(schedule, t);
    const abS = alphaBarAt(schedule, s);
    const e = await eps(x, abT, t);
    if (e.length !== x.length) throw new RangeError("the noise prediction and the image differ in length");
    const xNext = eta === null ? eulerStep(x, e, abT, abS) : ddimStep(x, e, abT, abS, eta, options.noise, clipX0);
    yield { index: i, total: times.length - 1, t, next: s, x, eps: e, x0: predictX0(x, e, abT), xNext };
    x = xNext;
  }
}

/** Runs a sampler to the end and returns the final image (scale [-1, 1]). */
export async function sampleImage(eps: EpsFn, options: SamplerOptions): Promise<Float32Array> {
  let last: Float32Array = Float32Array.from(options.start);
  for await (const step of sampleSteps(eps, options)) last = step.xNext;
  return last;
}
