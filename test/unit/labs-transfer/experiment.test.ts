import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

import { defaultLabConfig } from "@/lib/labs/configs";
import { TARGET_DIGITS, TRANSFER_POOL_PER_CLASS, TRANSFER_TEST_PER_CLASS } from "@/lib/labs/digits/digit-tasks";
import type { DigitSamples } from "@/lib/labs/digits/digit-samples";
import type { DigitsCnnValues } from "@/lib/labs/digits/digits-cnn";
import type { TransferLearningConfig } from "@/lib/labs/transfer-learning/config";
import { createTransferExperiment, transferData } from "@/lib/labs/transfer-learning/experiment";
import { BASE_MODELS, readBaseModel } from "@/lib/labs/digits/load-base-model";
import { summarizeTransferRun, type TransferMetrics, transferMetricsSchema } from "@/lib/labs/transfer-learning/summary";
import { startNodeBackend } from "@/lib/labs/train/node-backend";
import { readShippedModel, readShippedSamples } from "./shipped";

let base: DigitsCnnValues;
let samples: DigitSamples;

beforeAll(async () => {
  await startNodeBackend(tf, "wasm");
  base = readBaseModel(readShippedModel(BASE_MODELS.pretrain));
  samples = await readShippedSamples();
});

function config(overrides: Partial<TransferLearningConfig>): TransferLearningConfig {
  return { ...defaultLabConfig("transfer-learning"), ...overrides };
}

/** Runs a whole experiment, returning every measurement (epoch 0 first). */
async function run(cfg: TransferLearningConfig, chunk = 1): Promise<TransferMetrics[]> {
  const experiment = createTransferExperiment(tf, cfg, { base, samples });
  try {
    const out = [await experiment.advance(0)];
    while (!experiment.done) out.push(await experiment.advance(chunk));
    return out;
  } finally {
    experiment.dispose();
  }
}

function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error("no items");
  return item;
}

describe("transfer data", () => {
  it("draws the labelled examples from each digit's pool and holds out the rest", () => {
    const data = transferData(samples, 7, 11);
    expect(data.train.count).toBe(7 * TARGET_DIGITS.length);
    expect(data.test.count).toBe(TRANSFER_TEST_PER_CLASS * TARGET_DIGITS.length);
    expect(data.train.digits).toEqual([...TARGET_DIGITS]);
    const image = (set: typeof data.train, i: number) => set.images.subarray(i * 784, (i + 1) * 784).join(",");
    const trainImages = new Set(Array.from({ length: data.train.count }, (_, i) => image(data.train, i)));
    expect(trainImages.size).toBe(data.train.count);
    for (let i = 0; i < data.test.count; i++) expect(trainImages.has(image(data.test, i))).toBe(false);
    for (let label = 0; label < TARGET_DIGITS.length; label++) {
      expect(Array.from(data.train.labels).filter((l) => l === label).length).toBe(7);
    }
  });

  it("is fixed by the seed and changes with it", () => {
    expect(transferData(samples, 5, 3).train.images).toEqual(transferData(samples, 5, 3).train.images);
    expect(transferData(samples, 5, 3).train.images).not.toEqual(transferData(samples, 5, 4).train.images);
    expect(() => transferData(samples, TRANSFER_POOL_PER_CLASS + 1, 1)).toThrow(RangeError);
  });
});

describe("transfer-learning experiment", () => {
  it("with 10 examples per class, both pretrained modes beat training from scratch on held-out digits", async () => {
    const seeds = [1, 2, 3];
    const finals: TransferMetrics[] = [];
    for (const seed of seeds) finals.push(last(await run(config({ examplesPerClass: 10, seed }), 20)));
    const mean = (mode: "scratch" | "frozen" | "finetune") =>
      finals.reduce((sum, m) => sum + m[mode].testAccuracy, 0) / finals.length;
    // Averaged over seeds: one seed's 300 held-out images move accuracy by a few points either way.
    expect(mean("frozen")).toBeGreaterThan(mean("scratch") + 0.02);
    expect(mean("finetune")).toBeGreaterThan(mean("scratch") + 0.02);
    // Every mode learns the task well above chance (20%).
    for (const m of finals) for (const mode of ["scratch", "frozen", "finetune"] as const) expect(m[mode].testAccuracy).toBeGreaterThan(0.6);
  });

  it("streams each epoch and ends with confusion matrices over the held-out digits", async () => {
    const metrics = await run(config({ examplesPerClass: 3, epochs: 3, seed: 5 }));
    expect(metrics.map((m) => m.step)).toEqual([0, 1, 2, 3]);
    for (const m of metrics) expect(transferMetricsSchema.parse(m)).toEqual(m);
    expect(metrics.slice(0, -1).every((m) => m.confusion === undefined)).toBe(true);
    const final = last(metrics);
    const confusion = final.confusion;
    if (!confusion) throw new Error("the last measurement has no confusion matrices");
    expect(confusion.digits).toEqual([...TARGET_DIGITS]);
    for (const mode of ["scratch", "frozen", "finetune"] as const) {
      const matrix = confusion[mode];
      expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(5).fill(TRANSFER_TEST_PER_CLASS));
      const diagonal = matrix.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
      expect(diagonal / (5 * TRANSFER_TEST_PER_CLASS)).toBeCloseTo(final[mode].testAccuracy, 10);
    }
    // All three start from the same output layer; the two pretrained ones also share their features.
    const start = metrics[0];
    expect(start?.frozen).toEqual(start?.finetune);
    expect(summarizeTransferRun(final, final).frozen.finalTestAccuracy).toBe(final.frozen.testAccuracy);
  });

  it("is deterministic for a seed, on any chunking of the epochs", async () => {
    const cfg = config({ examplesPerClass: 4, epochs: 4, seed: 9 });
    const a = await run(cfg, 1);
    const b = await run(cfg, 1);
    expect(b).toEqual(a);
    const chunked = await run(cfg, 2);
    expect(last(chunked)).toEqual(last(a));
    const other = await run({ ...cfg, seed: 10 }, 4);
    expect(last(other)).not.toEqual(last(a));
  });

  it("frees every tensor it made, whether it finished or not", async () => {
    const before = tf.memory().numTensors;
    await run(config({ examplesPerClass: 2, epochs: 2, seed: 2 }));
    expect(tf.memory().numTensors).toBe(before);
    const unfinished = createTransferExperiment(tf, config({ examplesPerClass: 2, epochs: 5, seed: 2 }), { base, samples });
    await unfinished.advance(1);
    unfinished.dispose();
    unfinished.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(unfinished.advance(1)).rejects.toThrow(/disposed/);
  });

  it("refuses a base model that has seen the target digits", () => {
    const seen = readBaseModel(readShippedModel(BASE_MODELS.allDigits));
    const before = tf.memory().numTensors;
    expect(() => createTransferExperiment(tf, config({}), { base: seen, samples })).toThrow(/must not have seen 5-9/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
