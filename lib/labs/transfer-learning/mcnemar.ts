/**
 * McNemar's exact test: two classifiers scored on the same held-out images. Only the discordant images count
 * (one model right, the other wrong); if the models were equally good, each discordant image would be
 * equally likely to favour either, so the count favouring one is Binomial(b + c, 1/2). The two-sided p-value
 * is twice the smaller tail (at most 1). No TensorFlow.js: the server grades with it.
 */

/** The significance level below which a paired difference is called: a 5% chance of calling a coin flip. */
export const MCNEMAR_ALPHA = 0.05;

function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

/**
 * Two-sided exact McNemar p-value for `b` images only the first model gets right and `c` only the second
 * does (1 when there are none, or when b = c).
 */
export function mcnemarExactP(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`discordant counts must be whole numbers >= 0, got ${b} and ${c}`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space (0.5^n underflows past n = 1074).
  const logHalfN = -n * Math.LN2;
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) + logHalfN);
  return Math.min(1, 2 * tail);
}

/**
 * Which of two models a paired test calls better: "first", "second", or "too-close" when p >= MCNEMAR_ALPHA
 * (which includes every b = c).
 */
export function pairedWinner(b: number, c: number): "first" | "second" | "too-close" {
  if (mcnemarExactP(b, c) >= MCNEMAR_ALPHA) return "too-close";
  return b > c ? "first" : "second";
}
