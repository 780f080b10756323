/**
 * What a desired retention costs, for the settings page. FSRS schedules a card when its predicted recall falls
 * to the desired retention r. With the FSRS-6 forgetting curve R(t, S) = (1 + f t / S)^(-d), f = 0.9^(-1/d) - 1,
 * that moment is
 *
 *   t(r, S) = S / f * (r^(-1/d) - 1),
 *
 * so t(0.9, S) = S. Reviews per day scale as 1 / t; each review also fails with probability 1 - r, and a
 * failure costs extra relearning reviews. The estimate compares r with 0.9 for the same cards.
 */

/** FSRS-6's default decay w[20] (ts-fsrs `default_w[20]`); a learner's fitted value differs a little. */
export const DEFAULT_DECAY = 0.1542;
/** Extra reviews a lapse costs: the relearning step plus the shorter intervals that follow. */
const REVIEWS_PER_LAPSE = 2;

/** Days until recall falls to `retention` for a memory of stability `stability` days. */
export function intervalForRetention(retention: number, stability: number, decay = DEFAULT_DECAY): number {
  const factor = 0.9 ** (-1 / decay) - 1;
  return (stability / factor) * (retention ** (-1 / decay) - 1);
}

/** Reviews per day at `retention`, relative to 0.9 (1 means the same workload, 2 twice as many). */
export function relativeWorkload(retention: number, decay = DEFAULT_DECAY): number {
  const cost = (r: number) => (1 + (1 - r) * REVIEWS_PER_LAPSE) / intervalForRetention(r, 1, decay);
  return cost(retention) / cost(0.9);
}
