import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

import { defaultLabConfig } from "@/lib/labs/configs";
import { HELD_OUT_PER_DIGIT, TARGET_DIGITS, TRANSFER_POOL_PER_CLASS } from "@/lib/labs/digits/digit-tasks";
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
  it("draws the labelled examples from each digit's pool and holds out every other image", () => {
    const data = transferData(samples, 7, 11);
    expect(data.train.count).toBe(7 * TARGET_DIGITS.length);
    expect(data.test.count).toBe((HELD_OUT_PER_DIGIT - 7) * TARGET_DIGITS.length);
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
  it("follows the recipe: the fine-tuned network is the frozen one until its head has trained, then leaves it", async () => {
    const metrics = await run(config({ examplesPerClass: 2, epochs: 6, headEpochs: 3, seed: 3 }));
    for (const m of metrics.slice(0, 4)) expect(m.finetune).toEqual(m.frozen);
    expect(last(metrics).finetune).not.toEqual(last(metrics).frozen);
  });

  it("fine-tunes only the last k pretrained layers", async () => {
    const cfg = config({ examplesPerClass: 2, epochs: 3, headEpochs: 1, fineTuneLayers: 1, seed: 3 });
    const experiment = createTransferExperiment(tf, cfg, { base, samples });
    try {
      await experiment.advance(cfg.epochs);
      const net = experiment.finetuneNet;
      const same = async (name: "conv1/kernel" | "conv2/kernel" | "dense1/kernel") =>
        Array.from(await net.base[name].data()).every((v, i) => v === base.params[name][i]);
      expect(await same("conv1/kernel")).toBe(true);
      expect(await same("conv2/kernel")).toBe(true);
      expect(await same("dense1/kernel")).toBe(false);
    } finally {
      experiment.dispose();
    }
  });

  it("with the head trained for every epoch, fine-tuned and frozen tie exactly, image by image", async () => {
    const final = last(await run(config({ examplesPerClass: 2, epochs: 3, headEpochs: 3, seed: 8 }), 3));
    expect(final.finetune).toEqual(final.frozen);
    expect(final.paired?.["finetune-frozen"]).toEqual([0, 0]);
  });

  it("counts, for each pair of networks, the held-out images only one of them gets right", async () => {
    const final = last(await run(config({ examplesPerClass: 3, epochs: 4, seed: 6 }), 4));
    const paired = final.paired;
    if (!paired) throw new Error("the last measurement has no paired counts");
    const images = (HELD_OUT_PER_DIGIT - 3) * TARGET_DIGITS.length;
    const pairs = [
      ["finetune-scratch", "finetune", "scratch"],
      ["finetune-frozen", "finetune", "frozen"],
      ["frozen-scratch", "frozen", "scratch"],
    ] as const;
    for (const [pair, a, b] of pairs) {
      const [onlyA, onlyB] = paired[pair];
      // Accuracy difference = (only a right - only b right) / images.
      expect((onlyA - onlyB) / images).toBeCloseTo(final[a].testAccuracy - final[b].testAccuracy, 10);
    }
    const summary = summarizeTransferRun(final, final);
    expect(summary.paired).toEqual(paired);
    expect(summary.heldOut).toBe(images);
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
      expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(5).fill(HELD_OUT_PER_DIGIT - 3));
      const diagonal = matrix.reduce((sum, row, i) => sum + (row[i] ?? 0), 0);
      expect(diagonal / (5 * (HELD_OUT_PER_DIGIT - 3))).toBeCloseTo(final[mode].testAccuracy, 10);
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
