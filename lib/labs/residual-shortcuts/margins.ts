/**
 * The margins of the residual-shortcuts predictions: a 95% confidence interval for the mean of a few paired
 * per-minibatch measurements (Student's t, since there are 5 to 50 of them), set from the run's own spread.
 */

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom (beyond 30 the normal's 1.96 is close). */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(degreesOfFreedom: number): number {
  if (degreesOfFreedom < 1) return Number.POSITIVE_INFINITY;
  return T_975[degreesOfFreedom - 1] ?? 1.96;
}

export interface MeanInterval {
  readonly mean: number;
  /** Half-width of the 95% interval: t * standard error (infinite for a single value). */
  readonly halfWidth: number;
  readonly count: number;
}

/** The mean of `values` and the half-width of its 95% confidence interval. */
export function meanInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, halfWidth: Number.POSITIVE_INFINITY, count: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, halfWidth: Number.POSITIVE_INFINITY, count: 1 };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, halfWidth: tQuantile975(n - 1) * Math.sqrt(variance / n), count: n };
}
