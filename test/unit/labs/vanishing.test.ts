import { beforeAll, describe, expect, test } from "vitest";

import { defaultLabConfig, type VanishingGradientsConfig } from "@/lib/labs/configs";
import { createVanishingExperiment } from "@/lib/labs/vanishing-gradients/experiment";
import { FLOW_STEPS, measureGradientFlow } from "@/lib/labs/vanishing-gradients/flow";
import { runToCompletion } from "@/lib/labs/run-in-process";

import { testTf, type Tf } from "./tf-backend";

let tf: Tf;
beforeAll(async () => {
  tf = await testTf();
});

function config(overrides: Partial<VanishingGradientsConfig>): VanishingGradientsConfig {
  return { ...defaultLabConfig("vanishing-gradients"), ...overrides };
}

/** Per-layer gradient norms at initialisation (first hidden layer first, output layer last). */
async function initialNorms(overrides: Partial<VanishingGradientsConfig>): Promise<number[]> {
  const experiment = createVanishingExperiment(tf, config(overrides));
  try {
    return (await experiment.advance(0)).net.gradNorms;
  } finally {
    experiment.dispose();
  }
}

describe("vanishing gradients", () => {
  test("sigmoid, 20 layers, small init: the first layer's gradient is over 1,000 times smaller than the last's", async () => {
    const norms = await initialNorms({ depth: 20, activation: "sigmoid", init: "small" });
    expect(norms).toHaveLength(21);
    const first = norms[0] as number;
    const last = norms[20] as number;
    expect(first).toBeGreaterThan(0);
    expect(last / first).toBeGreaterThan(1000);
    // The shrinking is steady: every hidden layer's gradient is smaller than the next one's.
    for (let k = 0; k + 1 < 20; k++) expect(norms[k] as number).toBeLessThan(norms[k + 1] as number);
  });

  test("a 20-layer sigmoid net starts out predicting the same everywhere: chance accuracy, loss at least ln 2", async () => {
    const experiment = createVanishingExperiment(tf, config({ depth: 20, activation: "sigmoid", init: "small" }));
    try {
      const { net } = await experiment.advance(0);
      // Balanced classes and one constant prediction: half right, and cross-entropy is smallest (ln 2) at p = 0.5.
      expect(net.trainAccuracy).toBe(0.5);
      expect(net.testAccuracy).toBe(0.5);
      expect(net.trainLoss).toBeGreaterThanOrEqual(Math.LN2 - 1e-6);
      const probs = net.boundary?.probs ?? [];
      expect(Math.max(...probs) - Math.min(...probs)).toBeLessThan(1e-4);
    } finally {
      experiment.dispose();
    }
  });

  test("ReLU with He init, 20 layers: first and last layers' gradients are within a factor of 100", async () => {
    const norms = await initialNorms({ depth: 20, activation: "relu", init: "he" });
    const ratio = (norms[20] as number) / (norms[0] as number);
    expect(ratio).toBeGreaterThan(1 / 100);
    expect(ratio).toBeLessThan(100);
  });

  test("gradient flow over the first steps, sigmoid: the backpropagated signal shrinks at every layer toward the input", async () => {
    const flow = await measureGradientFlow(tf, config({ depth: 20, activation: "sigmoid", init: "xavier" }));
    expect(flow.delta).toHaveLength(FLOW_STEPS);
    for (const row of flow.delta) {
      expect(row).toHaveLength(21);
      const values = row as number[];
      for (let k = 0; k + 1 < values.length; k++) expect(values[k]).toBeLessThan(values[k + 1] as number);
      expect((values[20] as number) / (values[0] as number)).toBeGreaterThan(1e6);
    }
  });

  test("tanh with small weights: dL/dz is smallest at the first layer, while the weight gradient's RMS is not", async () => {
    // The forward signal fades toward the output and the backward one toward the input, so dL/dW = h dL/dz is
    // about the same size everywhere: only the backpropagated signal shows where the gradient vanishes.
    const flow = await measureGradientFlow(tf, config({ depth: 20, activation: "tanh", init: "small", seed: 3 }));
    const mean = (rows: (number | null)[][], k: number) => rows.reduce((s, r) => s + Math.log10(r[k] as number), 0) / rows.length;
    const argmin = (rows: (number | null)[][]) => {
      const means = Array.from({ length: 21 }, (_, k) => mean(rows, k));
      return means.indexOf(Math.min(...means));
    };
    expect(argmin(flow.delta)).toBe(0);
    expect(mean(flow.delta, 20) - mean(flow.delta, 0)).toBeGreaterThan(3);
    expect(argmin(flow.weight)).not.toBe(0);
  });

  test("ReLU with large weights: the gradients overflow within the first steps", async () => {
    const flow = await measureGradientFlow(tf, config({ depth: 20, activation: "relu", init: "large" }));
    expect(flow.delta.flat().some((v) => v === null)).toBe(true);
    // At initialisation, before any update, the signal is finite but grows toward the input.
    const [first] = flow.delta;
    expect(((first?.[0] ?? 0) as number) / ((first?.[20] ?? 1) as number)).toBeGreaterThan(1e3);
  });

  test("the flow is measured once and carried by every measurement; the loss's standard error is measured", async () => {
    const experiment = createVanishingExperiment(tf, config({ depth: 3, width: 8, steps: 20 }));
    try {
      const start = await experiment.advance(0);
      const end = await experiment.advance(20);
      expect(end.flow).toBe(start.flow);
      expect(start.flow).toEqual(await measureGradientFlow(tf, config({ depth: 3, width: 8, steps: 20 })));
      expect(end.lossStdError).toBeGreaterThan(0);
      expect(end.lossStdError).toBeLessThan(0.1);
    } finally {
      experiment.dispose();
    }
    // A 20-layer sigmoid net predicts one probability p everywhere: each point's loss is -ln p or -ln(1 - p),
    // close to ln 2, so the spread is small, far below the 0.19 between the stalled loss and 0.5.
    const stalled = createVanishingExperiment(tf, config({ depth: 20, activation: "sigmoid", init: "small", steps: 10 }));
    try {
      expect((await stalled.advance(0)).lossStdError).toBeLessThan(0.01);
    } finally {
      stalled.dispose();
    }
  });

  test("metrics are shaped as the page expects and the loss is measured, not made up", async () => {
    const experiment = createVanishingExperiment(tf, config({ depth: 3, width: 8, steps: 20 }), { boundaryEvery: 10 });
    try {
      const start = await experiment.advance(0);
      expect(start).toMatchObject({ lab: "vanishing-gradients", step: 0, totalSteps: 20 });
      expect(start.net.gradNorms).toHaveLength(4);
      expect(start.net.boundary?.probs).toHaveLength(40 * 40);
      const mid = await experiment.advance(5);
      expect(mid.step).toBe(5);
      expect(mid.net.boundary).toBeUndefined();
      const crossed = await experiment.advance(5);
      expect(crossed.net.boundary).toBeDefined();
      const end = await experiment.advance(100);
      expect(end.step).toBe(20);
      expect(experiment.done).toBe(true);
      expect(end.net.boundary).toBeDefined();
    } finally {
      experiment.dispose();
    }
  });

  test("a shallow ReLU net learns the circles (the training loop really trains)", async () => {
    const { summary } = await runToCompletion(
      tf,
      { lab: "vanishing-gradients", config: config({ depth: 3, activation: "relu", init: "he", steps: 150 }) },
      { stepsPerChunk: 50 },
    );
    expect(summary.lab).toBe("vanishing-gradients");
    if (summary.lab !== "vanishing-gradients") return;
    expect(summary.net.finalTrainLoss).not.toBeNull();
    expect(summary.net.finalTrainLoss as number).toBeLessThan((summary.net.initialTrainLoss as number) / 2);
    expect(summary.net.finalTestAccuracy as number).toBeGreaterThan(0.9);
  });

  test("same seed, same backend: identical metrics, however the run is chunked", async () => {
    const spec = { lab: "vanishing-gradients", config: config({ depth: 4, width: 8, steps: 30, seed: 11 }) } as const;
    const a = await runToCompletion(tf, spec, { stepsPerChunk: 10 });
    const b = await runToCompletion(tf, spec, { stepsPerChunk: 10 });
    const c = await runToCompletion(tf, spec, { stepsPerChunk: 30 });
    expect(b.history).toEqual(a.history);
    expect(c.history.at(-1)).toEqual(a.history.at(-1));
    const other = await runToCompletion(tf, { ...spec, config: { ...spec.config, seed: 12 } }, { stepsPerChunk: 30 });
    expect(other.history.at(-1)).not.toEqual(a.history.at(-1));
  });

  test("a run leaves no tensor behind, even when disposed midway", async () => {
    const before = tf.memory().numTensors;
    await runToCompletion(tf, { lab: "vanishing-gradients", config: config({ depth: 3, width: 4, steps: 10 }) });
    const halfway = createVanishingExperiment(tf, config({ depth: 3, width: 4, steps: 10 }));
    await halfway.advance(5);
    halfway.dispose();
    halfway.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(halfway.advance(1)).rejects.toThrow(/disposed/);
  });
});
