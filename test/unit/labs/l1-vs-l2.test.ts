import { beforeAll, describe, expect, test } from "vitest";

import { defaultLabConfig, type L1VsL2Config } from "@/lib/labs/configs";
import {
  createL1VsL2Experiment,
  HISTOGRAM_BINS,
  histogram,
  L1_VS_L2_NETWORK,
  l1Calibration,
  nearZeroShare,
  pairedStandardError,
} from "@/lib/labs/l1-vs-l2/experiment";
import { StackedMlp } from "@/lib/labs/mlp/stacked-mlp";
import type { L1VsL2Metrics } from "@/lib/labs/metrics";

import { testTf, type Tf } from "./tf-backend";

let tf: Tf;
beforeAll(async () => {
  tf = await testTf();
});

function config(overrides: Partial<L1VsL2Config>): L1VsL2Config {
  return { ...defaultLabConfig("l1-vs-l2"), ...overrides };
}

async function run(overrides: Partial<L1VsL2Config>): Promise<L1VsL2Metrics[]> {
  const experiment = createL1VsL2Experiment(tf, config(overrides));
  try {
    const history = [await experiment.advance(0)];
    while (!experiment.done) history.push(await experiment.advance(100));
    return history;
  } finally {
    experiment.dispose();
  }
}

const gap = (m: L1VsL2Metrics["none"]) => m.testLoss - m.trainLoss;

describe("L1 vs L2", () => {
  test("L1 zeroes far more weights than L2, and both lower the test loss and narrow the train-test gap", async () => {
    const before = tf.memory().numTensors;
    const history = await run({ strength: 0.004, noise: 0.3, trainSize: 50, steps: 600, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const start = history[0] as L1VsL2Metrics;
    const end = history.at(-1) as L1VsL2Metrics;
    // All three start from the same weights.
    expect(start.l1.trainLoss).toBe(start.none.trainLoss);
    expect(start.l2.histogram).toEqual(start.none.histogram);
    expect(start.testLossDifferenceSe).toEqual({ noneL1: 0, noneL2: 0, l1L2: 0 });
    expect(end.l1.nearZeroShare).toBeGreaterThan(end.l2.nearZeroShare + 0.3);
    expect(end.none.nearZeroShare).toBeLessThan(0.05);
    // The unpenalised net overfits the noisy points...
    expect(end.none.trainLoss).toBeLessThan(end.none.testLoss - 0.5);
    // ...and each penalty lowers its test loss and narrows its gap, by many standard errors.
    const se = end.testLossDifferenceSe;
    expect(se.noneL1).toBeGreaterThan(0);
    expect(se.noneL2).toBeGreaterThan(0);
    expect(end.none.testLoss - end.l1.testLoss).toBeGreaterThan(4 * se.noneL1);
    expect(end.none.testLoss - end.l2.testLoss).toBeGreaterThan(4 * se.noneL2);
    expect(gap(end.l1)).toBeLessThan(gap(end.none) - 0.1);
    expect(gap(end.l2)).toBeLessThan(gap(end.none) - 0.1);
  });

  test("with strength 0 the three networks train identically", async () => {
    const end = (await run({ strength: 0, steps: 20 })).at(-1) as L1VsL2Metrics;
    expect(end.l1.trainLoss).toBe(end.none.trainLoss);
    expect(end.l2.testLoss).toBe(end.none.testLoss);
    expect(end.l1.histogram).toEqual(end.none.histogram);
    expect(end.testLossDifferenceSe).toEqual({ noneL1: 0, noneL2: 0, l1L2: 0 });
  });

  test("the L1 coefficient per unit strength is the RMS of the initial weight-matrix entries", () => {
    const net = new StackedMlp(tf, { models: 3, ...L1_VS_L2_NETWORK, residual: [false, false, false], seed: 4 });
    try {
      const rho = tf.tidy(() => l1Calibration(tf, net).dataSync()[0] as number);
      let squares = 0;
      let count = 0;
      for (const w of net.weights) {
        const values = w.dataSync();
        const perModel = values.length / 3;
        for (let i = 0; i < perModel; i++) squares += (values[i] as number) ** 2;
        count += perModel;
      }
      expect(rho).toBeCloseTo(Math.sqrt(squares / count), 6);
      // Xavier weights of a 24-wide net: about 0.2.
      expect(rho).toBeGreaterThan(0.15);
      expect(rho).toBeLessThan(0.3);
    } finally {
      net.dispose();
    }
  });

  test("histograms share one range and count every weight", async () => {
    const end = (await run({ steps: 10 })).at(-1) as L1VsL2Metrics;
    // 2x24 + 24x24 + 24x1 weight-matrix entries per network.
    const weights = 2 * 24 + 24 * 24 + 24;
    for (const variant of [end.none, end.l1, end.l2]) {
      expect(variant.histogram.counts).toHaveLength(HISTOGRAM_BINS);
      expect(variant.histogram.counts.reduce((a, b) => a + b, 0)).toBe(weights);
      expect(variant.histogram.max).toBe(end.none.histogram.max);
      expect(variant.histogram.min).toBe(-variant.histogram.max);
    }
  });
});

describe("weight statistics", () => {
  test("the paired standard error is the spread of the differences over sqrt(n)", () => {
    // Differences 1, 2, 3, 4: sample variance 5/3, so the standard error is sqrt(5/3 / 4).
    const a = new Float32Array([2, 4, 6, 8]);
    const b = new Float32Array([1, 2, 3, 4]);
    expect(pairedStandardError(a, b)).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
    expect(pairedStandardError(a, a)).toBe(0);
    // A constant shift has no spread: the difference is exact.
    expect(pairedStandardError(new Float32Array([1, 5, 9]), new Float32Array([0, 4, 8]))).toBe(0);
  });

  test("near-zero share uses the 1e-3 threshold", () => {
    expect(nearZeroShare(new Float32Array([0, 0.0009, -0.0009, 0.002, -1]))).toBeCloseTo(3 / 5, 10);
    expect(nearZeroShare(new Float32Array([]))).toBe(0);
  });

  test("histogram bins are equal and symmetric, with one centred on zero", () => {
    const h = histogram(new Float32Array([-1, 0, 0, 0.999, 1]), 1);
    const middle = (HISTOGRAM_BINS - 1) / 2;
    expect(h.counts[0]).toBe(1);
    expect(h.counts[middle]).toBe(2);
    expect(h.counts[HISTOGRAM_BINS - 1]).toBe(2);
    expect(histogram(new Float32Array([0, 0]), 0).counts[middle]).toBe(2);
  });
});
