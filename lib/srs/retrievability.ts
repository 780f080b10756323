import { default_w, forgetting_curve } from "ts-fsrs";
import { InvalidSettingsError } from "./errors";
import type { MemoryState } from "./memory-state";
import { FSRS_WEIGHT_COUNT } from "./settings";

const DAY_MS = 86_400_000;
// ts-fsrs clips the decay parameter w[20] to this range before scheduling; the curve here does the same
// so that dashboards and the scheduler agree.
const MIN_DECAY = 0.1;
const MAX_DECAY = 0.8;

/**
 * The FSRS-6 decay parameter w[20] of a learner (ts-fsrs's default when `weights` is null), clipped as
 * the scheduler clips it.
 * @throws InvalidSettingsError when `weights` is not 21 finite numbers
 */
export function decayOf(weights: readonly number[] | null): number {
  const w = weights ?? default_w;
  const decay = w[20];
  if (w.length !== FSRS_WEIGHT_COUNT || decay === undefined || !w.every(Number.isFinite)) {
    throw new InvalidSettingsError(`FSRS weights must be ${FSRS_WEIGHT_COUNT} finite numbers`);
  }
  return Math.min(MAX_DECAY, Math.max(MIN_DECAY, decay));
}

/**
 * FSRS-6 forgetting curve: the probability of recalling a memory of stability `S` days after `t` days,
 *
 *   R(t, S) = (1 + factor * t / S)^(-decay),   factor = 0.9^(-1/decay) - 1,
 *
 * where decay = w[20]. The factor makes R(S, S) = 0.9 for every decay: stability is the interval at
 * which recall falls to 90%. Computed by ts-fsrs's `forgetting_curve` (rounded to 8 decimals).
 */
export function forgettingCurve(elapsedDays: number, stability: number, weights: readonly number[] | null): number {
  return forgetting_curve(decayOf(weights), Math.max(0, elapsedDays), stability);
}

/**
 * Probability that the learner recalls the card at `at`, from the FSRS-6 forgetting curve
 * R(t, S) = (1 + factor * t / S)^(-decay), factor = 0.9^(-1/decay) - 1, decay = w[20] of the learner's
 * weights (ts-fsrs defaults when null), S = the card's stability and t = days since its last review.
 *
 * t is measured exactly (fractional days), not in whole days as ts-fsrs's `get_retrievability` does, so a
 * forecast moves smoothly through the day; a moment before the last review counts as t = 0.
 * NEW cards (never reviewed) have R = 0: nothing has been learned yet.
 */
export function retrievability(memory: MemoryState, at: Date, weights: readonly number[] | null): number {
  if (memory.state === "NEW" || memory.lastReview === null || !(memory.stability > 0)) return 0;
  const elapsedDays = (at.getTime() - memory.lastReview.getTime()) / DAY_MS;
  return forgettingCurve(elapsedDays, memory.stability, weights);
}
