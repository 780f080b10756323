/**
 * Noise schedules of a variance-preserving diffusion process with T discrete steps. Plain numbers, no
 * TensorFlow.js.
 *
 * Each forward step keeps sqrt(1 - beta_t) of the signal and adds noise of variance beta_t:
 *
 *   q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I)
 *
 * so after t steps, with alphaBar_t = prod_{s <= t} (1 - beta_s),
 *
 *   q(x_t | x_0) = N(sqrt(alphaBar_t) x_0, (1 - alphaBar_t) I),   SNR(t) = alphaBar_t / (1 - alphaBar_t).
 *
 * - linear (Ho et al. 2020): beta_t rises linearly from 1e-4 at t = 1 to 0.02 at t = T.
 * - cosine (Nichol & Dhariwal 2021): alphaBar_t = f(t) / f(0) with f(t) = cos^2(((t/T + s) / (1 + s)) pi/2),
 *   s = 0.008; beta_t = 1 - alphaBar_t / alphaBar_{t-1}, capped at 0.999 so the last step is not a
 *   division by zero. alphaBar is then recomputed from the capped betas, so the two always agree.
 */
import type { DIFFUSION_SCHEDULES } from "./config";

export type ScheduleKind = (typeof DIFFUSION_SCHEDULES)[number];

/** Number of diffusion steps of both schedules. */
export const DIFFUSION_STEPS = 1000;
export const LINEAR_BETA_START = 1e-4;
export const LINEAR_BETA_END = 0.02;
export const COSINE_OFFSET = 0.008;
export const COSINE_MAX_BETA = 0.999;

export interface NoiseSchedule {
  readonly kind: ScheduleKind;
  /** Number of steps T. */
  readonly steps: number;
  /** betas[t] for t = 1..T; betas[0] is 0 (no step). */
  readonly betas: Float64Array;
  /** alphaBars[t] for t = 0..T; alphaBars[0] = 1 (the clean image). */
  readonly alphaBars: Float64Array;
}

function cosineF(t: number, steps: number): number {
  return Math.cos((((t / steps) + COSINE_OFFSET) / (1 + COSINE_OFFSET)) * (Math.PI / 2)) ** 2;
}

/** Builds a schedule of `steps` steps (default DIFFUSION_STEPS). */
export function makeSchedule(kind: ScheduleKind, steps: number = DIFFUSION_STEPS): NoiseSchedule {
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`a schedule needs at least 2 steps, got ${steps}`);
  const betas = new Float64Array(steps + 1);
  for (let t = 1; t <= steps; t++) {
    betas[t] =
      kind === "linear"
        ? LINEAR_BETA_START + ((LINEAR_BETA_END - LINEAR_BETA_START) * (t - 1)) / (steps - 1)
        : Math.min(1 - cosineF(t, steps) / cosineF(t - 1, steps), COSINE_MAX_BETA);
  }
  const alphaBars = new Float64Array(steps + 1);
  alphaBars[0] = 1;
  for (let t = 1; t <= steps; t++) alphaBars[t] = (alphaBars[t - 1] as number) * (1 - (betas[t] as number));
  return { kind, steps, betas, alphaBars };
}

const cache = new Map<string, NoiseSchedule>();

/** The schedule of `kind` with DIFFUSION_STEPS steps, built once. */
export function scheduleOf(kind: ScheduleKind): NoiseSchedule {
  let schedule = cache.get(kind);
  if (!schedule) {
    schedule = makeSchedule(kind);
    cache.set(kind, schedule);
  }
  return schedule;
}

/** alphaBar at step t (0 <= t <= T). */
export function alphaBarAt(schedule: NoiseSchedule, t: number): number {
  if (!Number.isInteger(t) || t < 0 || t > schedule.steps) {
    throw new RangeError(`t must be a whole number from 0 to ${schedule.steps}, got ${t}`);
  }
  return schedule.alphaBars[t] as number;
}

/** Signal-to-noise ratio alphaBar / (1 - alphaBar); Infinity at alphaBar = 1. */
export function snrOf(alphaBar: number): number {
  return alphaBar >= 1 ? Number.POSITIVE_INFINITY : alphaBar / (1 - alphaBar);
}

/** Natural log of the SNR, the noise level the denoiser is told. */
export function logSnrOf(alphaBar: number): number {
  return Math.log(alphaBar) - Math.log1p(-alphaBar);
}

/**
 * The first step t at which alphaBar_t falls to or below `level` (e.g. 0.5: half the variance is noise),
 * or null when it never does.
 */
export function firstStepBelow(schedule: NoiseSchedule, level: number): number | null {
  for (let t = 0; t <= schedule.steps; t++) if ((schedule.alphaBars[t] as number) <= level) return t;
  return null;
}
