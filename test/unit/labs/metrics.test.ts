import { describe, expect, test } from "vitest";

import {
  labMetricsSchema,
  labSummarySchema,
  type ResidualMetrics,
  summarizeRun,
  type VanishingMetrics,
} from "@/lib/labs/metrics";
import { parsePageMessage, parseRuntimeMessage } from "@/lib/labs/worker-protocol";

function vanishingAt(step: number, trainLoss: number, gradNorms: number[]): VanishingMetrics {
  return {
    lab: "vanishing-gradients",
    step,
    totalSteps: 100,
    net: { trainLoss, trainAccuracy: 0.5, testLoss: trainLoss, testAccuracy: 0.5, gradNorms },
    flow: { delta: [[1e-9, 0.5], [2e-9, 0.4]], weight: [[1e-8, 0.1], [2e-8, 0.1]] },
    lossStdError: step === 0 ? 0.001 : trainLoss / 100,
  };
}

describe("run summaries", () => {
  test("take the initial loss from the first measurement and the rest from the last", () => {
    const summary = summarizeRun(vanishingAt(0, 0.7, [1e-9, 0.1]), vanishingAt(100, 0.2, [1e-6, 0.05]));
    expect(summary).toEqual({
      lab: "vanishing-gradients",
      steps: 100,
      net: { initialTrainLoss: 0.7, finalTrainLoss: 0.2, finalTestAccuracy: 0.5, gradNorms: [1e-6, 0.05] },
      // The gradient flow is measured over the first steps; the loss's standard error at the end.
      flow: { delta: [[1e-9, 0.5], [2e-9, 0.4]], weight: [[1e-8, 0.1], [2e-8, 0.1]] },
      finalLossStdError: 0.002,
    });
    expect(labSummarySchema.parse(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
  });

  test("a diverged run's NaN and Infinity become null, which survives JSON and validation", () => {
    const summary = summarizeRun(vanishingAt(0, 0.7, [1, 1]), vanishingAt(100, Number.NaN, [Number.POSITIVE_INFINITY, Number.NaN]));
    expect(summary).toMatchObject({ net: { finalTrainLoss: null, gradNorms: [null, null] }, finalLossStdError: null });
    expect(labSummarySchema.safeParse(JSON.parse(JSON.stringify(summary))).success).toBe(true);
    // Streamed metrics, which never pass through JSON, keep their NaN.
    expect(labMetricsSchema.safeParse(vanishingAt(5, Number.NaN, [Number.NaN, 1])).success).toBe(true);
  });

  test("refuse to mix labs", () => {
    const residual: ResidualMetrics = {
      lab: "residual-shortcuts",
      step: 0,
      totalSteps: 1,
      plain: vanishingAt(0, 1, [1, 1]).net,
      residual: vanishingAt(0, 1, [1, 1]).net,
      earlyFirstLayerRms: { plain: [], residual: [] },
      lastEpochLosses: { plain: [], residual: [] },
    };
    expect(() => summarizeRun(residual, vanishingAt(1, 1, [1, 1]))).toThrow(/cannot summarise/);
  });
});

describe("protocol validation", () => {
  test("page messages", () => {
    expect(parsePageMessage({ type: "pause" })).toEqual({ ok: true, message: { type: "pause" } });
    expect(parsePageMessage({ type: "start", lab: "l1-vs-l2", config: {}, backend: "wasm", stepsPerChunk: "auto" }).ok).toBe(true);
    expect(parsePageMessage({ type: "start", lab: "l1-vs-l2", config: {}, backend: "tpu" }).ok).toBe(false);
    expect(parsePageMessage({ type: "start", lab: "l1-vs-l2", config: {}, stepsPerChunk: 0 }).ok).toBe(false);
    expect(parsePageMessage({ type: "start", lab: "l1-vs-l2" })).toMatchObject({ ok: false, error: expect.stringContaining("config") });
    expect(parsePageMessage("pause").ok).toBe(false);
  });

  test("runtime messages", () => {
    expect(parseRuntimeMessage({ type: "state", state: "paused" }).ok).toBe(true);
    expect(parseRuntimeMessage({ type: "state", state: "sleeping" }).ok).toBe(false);
    const update = { metrics: vanishingAt(10, 0.6, [0.1, 0.2]), stepsPerSecond: 120, elapsedMs: 80, backend: "wasm" };
    expect(parseRuntimeMessage({ type: "metrics", update }).ok).toBe(true);
    expect(parseRuntimeMessage({ type: "metrics", update: { ...update, stepsPerSecond: -1 } }).ok).toBe(false);
    expect(parseRuntimeMessage({ type: "done", summary: { lab: "l1-vs-l2", steps: 3 } }).ok).toBe(false);
  });
});
