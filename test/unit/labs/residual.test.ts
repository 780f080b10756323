import { beforeAll, describe, expect, test } from "vitest";

import { defaultLabConfig, type ResidualShortcutsConfig } from "@/lib/labs/configs";
import { createResidualExperiment } from "@/lib/labs/residual-shortcuts/experiment";
import type { ResidualMetrics } from "@/lib/labs/metrics";

import { testTf, type Tf } from "./tf-backend";

let tf: Tf;
beforeAll(async () => {
  tf = await testTf();
});

function config(overrides: Partial<ResidualShortcutsConfig>): ResidualShortcutsConfig {
  return { ...defaultLabConfig("residual-shortcuts"), ...overrides };
}

describe("residual shortcuts", () => {
  test("at depth 30 the residual net's first layer gets 100x the plain net's gradient, and its loss ends lower", async () => {
    const before = tf.memory().numTensors;
    const experiment = createResidualExperiment(tf, config({ depth: 30, activation: "tanh", init: "xavier", steps: 60 }));
    let start: ResidualMetrics;
    let end: ResidualMetrics;
    try {
      start = await experiment.advance(0);
      end = await experiment.advance(60);
    } finally {
      experiment.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    // Same initial weights, so the two differ only by the shortcuts.
    expect(start.plain.gradNorms).toHaveLength(31);
    expect(start.residual.gradNorms).toHaveLength(31);
    expect(start.residual.gradNorms[0] as number).toBeGreaterThan(100 * (start.plain.gradNorms[0] as number));
    expect(end.step).toBe(60);
    expect(end.residual.trainLoss).toBeLessThan(end.plain.trainLoss - 0.1);
  });

  test("the plain net of the pair is the same computation as a lone plain net", async () => {
    // Stacking two models on one axis must not mix them: with shortcuts off, the first model's numbers are
    // those of the vanishing-gradients lab's single net on the same data, weights and batches.
    const { createVanishingExperiment } = await import("@/lib/labs/vanishing-gradients/experiment");
    const shared = { dataset: "xor", depth: 4, width: 8, activation: "tanh", init: "xavier", learningRate: 0.1, steps: 10, batchSize: 16, seed: 5 } as const;
    const pair = createResidualExperiment(tf, shared);
    const lone = createVanishingExperiment(tf, shared);
    try {
      const a = await pair.advance(10);
      const b = await lone.advance(10);
      expect(a.plain.trainLoss).toBeCloseTo(b.net.trainLoss, 5);
      a.plain.gradNorms.forEach((norm, k) => expect(norm).toBeCloseTo(b.net.gradNorms[k] as number, 5));
      expect(a.residual.trainLoss).not.toBeCloseTo(b.net.trainLoss, 5);
    } finally {
      pair.dispose();
      lone.dispose();
    }
  });
});
