import { beforeAll, describe, expect, test } from "vitest";

import { defaultLabConfig, type ResidualShortcutsConfig } from "@/lib/labs/configs";
import { EARLY_STEPS, lastEpochSteps } from "@/lib/labs/residual-shortcuts/pair-training";
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

async function run(settings: ResidualShortcutsConfig, chunks: number[]): Promise<{ start: ResidualMetrics; end: ResidualMetrics }> {
  const before = tf.memory().numTensors;
  const experiment = createResidualExperiment(tf, settings);
  try {
    const start = await experiment.advance(0);
    let end = start;
    for (const chunk of chunks) end = await experiment.advance(chunk);
    return { start, end };
  } finally {
    experiment.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }
}

const log10Ratio = (m: ResidualMetrics, i: number) =>
  Math.log10((m.earlyFirstLayerRms.residual[i] as number) / (m.earlyFirstLayerRms.plain[i] as number));

describe("residual shortcuts", () => {
  test("at 30 sigmoid layers the residual net's first layer gets orders of magnitude more gradient from the first step, and its loss ends lower", async () => {
    const { start, end } = await run(config({ depth: 30, activation: "sigmoid", steps: 120 }), [60, 60]);
    expect(start.plain.gradNorms).toHaveLength(31);
    expect(start.earlyFirstLayerRms).toEqual({ plain: [], residual: [] });
    expect(end.earlyFirstLayerRms.plain).toHaveLength(EARLY_STEPS);
    for (let i = 0; i < EARLY_STEPS; i++) expect(log10Ratio(end, i)).toBeGreaterThan(6);
    expect(end.lastEpochLosses.plain).toHaveLength(lastEpochSteps({ batchSize: 64, steps: 120 }));
    expect(end.residual.trainLoss).toBeLessThan(end.plain.trainLoss - 0.3);
  });

  test("the residual block is stable where the bare h + f(h) was not: ReLU with He trains instead of diverging", async () => {
    const { end } = await run(config({ depth: 30, activation: "relu", init: "he", steps: 100 }), [100]);
    expect(Number.isFinite(end.residual.trainLoss)).toBe(true);
    expect(end.residual.trainLoss).toBeLessThan(0.2);
    expect(end.residual.gradNorms.every(Number.isFinite)).toBe(true);
  });

  test("the per-step records do not depend on how the run was chunked", async () => {
    const settings = config({ depth: 6, width: 8, steps: 20, batchSize: 100 });
    const whole = (await run(settings, [20])).end;
    const pieces = (await run(settings, [3, 9, 1, 7])).end;
    expect(pieces.earlyFirstLayerRms).toEqual(whole.earlyFirstLayerRms);
    expect(pieces.lastEpochLosses).toEqual(whole.lastEpochLosses);
    expect(whole.lastEpochLosses.residual).toHaveLength(5);
  });

  test("the plain net of the pair is the same computation as a lone plain net", async () => {
    // Stacking two models on one axis must not mix them: the first model's numbers are those of the
    // vanishing-gradients lab's single net on the same data, weights and batches.
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
