import { z } from "zod";

import { anyNumber, fitMetricsSchema } from "../mlp/fit-metrics";
import { finite, finiteOrNull } from "../mlp/gradient-summary";

/**
 * Weights below this magnitude count as "near zero". L1 is applied as a proximal (soft-threshold) step, so
 * the weights it removes are exactly 0 and any small threshold gives the same share.
 */
export const NEAR_ZERO_THRESHOLD = 1e-3;

const stepCount = z.int().nonnegative();

/** Histogram of all weight-matrix entries over [min, max] in equal bins. */
export const histogramSchema = z.object({ min: anyNumber, max: anyNumber, counts: z.array(z.int().nonnegative()) });
export type Histogram = z.infer<typeof histogramSchema>;

/** A penalised network's fit plus its weights: the share below NEAR_ZERO_THRESHOLD and a histogram. */
export const penaltyMetricsSchema = fitMetricsSchema.extend({
  nearZeroShare: anyNumber,
  histogram: histogramSchema,
});
export type PenaltyMetrics = z.infer<typeof penaltyMetricsSchema>;

/**
 * Standard errors of the differences in test loss between two nets (none - L1, none - L2, L1 - L2): the spread
 * of the per-point differences on the shared test points over sqrt(points). The predictions' dead zones.
 */
export const testLossDifferenceSeSchema = z.object({ noneL1: anyNumber, noneL2: anyNumber, l1L2: anyNumber });

export const l1VsL2MetricsSchema = z.object({
  lab: z.literal("l1-vs-l2"),
  step: stepCount,
  totalSteps: stepCount,
  none: penaltyMetricsSchema,
  l1: penaltyMetricsSchema,
  l2: penaltyMetricsSchema,
  testLossDifferenceSe: testLossDifferenceSeSchema,
});
export type L1VsL2Metrics = z.infer<typeof l1VsL2MetricsSchema>;

const penaltySummarySchema = z.object({
  finalTrainLoss: finite,
  finalTestLoss: finite,
  nearZeroShare: finite,
});

/** The summary of a finished L1-vs-L2 run. */
export const l1VsL2SummarySchema = z.object({
  lab: z.literal("l1-vs-l2"),
  steps: stepCount,
  none: penaltySummarySchema,
  l1: penaltySummarySchema,
  l2: penaltySummarySchema,
  /** See `testLossDifferenceSeSchema`; null where a net diverged. */
  testLossDifferenceSe: z.object({ noneL1: finite, noneL2: finite, l1L2: finite }),
});
export type L1VsL2Summary = z.infer<typeof l1VsL2SummarySchema>;

function summarizePenalty(last: PenaltyMetrics) {
  return {
    finalTrainLoss: finiteOrNull(last.trainLoss),
    finalTestLoss: finiteOrNull(last.testLoss),
    nearZeroShare: finiteOrNull(last.nearZeroShare),
  };
}

export function summarizeL1VsL2(_first: L1VsL2Metrics, last: L1VsL2Metrics): L1VsL2Summary {
  return {
    lab: "l1-vs-l2",
    steps: last.step,
    none: summarizePenalty(last.none),
    l1: summarizePenalty(last.l1),
    l2: summarizePenalty(last.l2),
    testLossDifferenceSe: {
      noneL1: finiteOrNull(last.testLossDifferenceSe.noneL1),
      noneL2: finiteOrNull(last.testLossDifferenceSe.noneL2),
      l1L2: finiteOrNull(last.testLossDifferenceSe.l1L2),
    },
  };
}
