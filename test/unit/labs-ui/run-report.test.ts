import { describe, expect, test } from "vitest";

import { defaultLabConfig } from "@/lib/labs/configs";
import { labRunRequestSchema } from "@/lib/labs/run-report";

const config = defaultLabConfig("vanishing-gradients");
const valid = {
  clientRunId: "1b4e28ba-2fa1-4d2c-883f-0016d3cca427",
  lab: "vanishing-gradients",
  config,
  seed: config.seed,
  backend: "wasm",
  predictions: { "vanishing-loss-below-half": true },
  summary: {
    lab: "vanishing-gradients",
    steps: config.steps,
    net: { initialTrainLoss: 0.69, finalTrainLoss: null, finalTestAccuracy: 0.5, gradNorms: [0.1, null] },
    flow: { delta: [[0.1, 0.5], [null, null]], weight: [[0.1, 0.5], [null, null]] },
    finalLossStdError: null,
  },
  stepsPerSecond: 50,
  durationMs: 6000,
};

describe("the lab run request", () => {
  test("accepts a finished run, with null for measurements that were not finite", () => {
    expect(labRunRequestSchema.safeParse(valid).success).toBe(true);
    expect(labRunRequestSchema.safeParse({ ...valid, stepsPerSecond: null, durationMs: undefined }).success).toBe(true);
  });

  test.each([
    ["a run id that is not a UUID", { clientRunId: "run-1" }],
    ["an unknown backend", { backend: "tpu" }],
    ["a negative seed", { seed: -1 }],
    ["a summary of unknown shape", { summary: { lab: "vanishing-gradients", steps: 300 } }],
    ["an answer that is an object", { predictions: { "vanishing-loss-below-half": { yes: true } } }],
    ["a duration longer than a day", { durationMs: 90_000_000 }],
    ["an unknown field", { userId: "someone-else" }],
  ])("refuses %s", (_what, change) => {
    expect(labRunRequestSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });
});
