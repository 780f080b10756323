import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

import { ALL_DIGITS, PRETRAIN_DIGITS } from "@/lib/labs/digits/digit-tasks";
import { allSamplesSet, type DigitSamples } from "@/lib/labs/digits/digit-samples";
import { BASE_MODELS, loadBaseModel, predictDigits } from "@/lib/labs/digits/load-base-model";
import { digitsCnnManifestSchema } from "@/lib/labs/digits/model-file";
import { startNodeBackend } from "@/lib/labs/train/node-backend";
import { readShippedModel, readShippedSamples, shippedModelBytes } from "./shipped";

let samples: DigitSamples;

beforeAll(async () => {
  await startNodeBackend(tf, "wasm");
  samples = await readShippedSamples();
});

/** Held-out accuracy of a shipped model over the shipped samples of its digits; checks it frees its tensors. */
async function heldOutAccuracy(folder: string): Promise<{ accuracy: number; recorded: number; digits: readonly number[] }> {
  const files = readShippedModel(folder);
  const before = tf.memory().numTensors;
  const model = loadBaseModel(tf, files);
  const set = allSamplesSet(samples, model.digits);
  const { digits, probabilities } = await predictDigits(tf, model, set.images, set.count);
  model.dispose();
  expect(tf.memory().numTensors).toBe(before);
  const classes = model.digits.length;
  for (let i = 0; i < set.count; i += 97) {
    const row = probabilities.subarray(i * classes, (i + 1) * classes);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  }
  let right = 0;
  for (let i = 0; i < set.count; i++) if (digits[i] === model.digits[set.labels[i] as number]) right++;
  const recorded = digitsCnnManifestSchema.parse(files.manifest).training.heldOutAccuracy;
  return { accuracy: right / set.count, recorded, digits: model.digits };
}

describe("shipped digit models", () => {
  it("the 0-4 model classifies held-out 0-4 digits it never saw", async () => {
    const { accuracy, recorded, digits } = await heldOutAccuracy(BASE_MODELS.pretrain);
    expect(digits).toEqual([...PRETRAIN_DIGITS]);
    expect(accuracy).toBeGreaterThan(0.97);
    // The training script scored the same images with the same weights on the same backend.
    expect(accuracy).toBe(recorded);
  });

  it("the 10-digit model classifies held-out digits it never saw", async () => {
    const { accuracy, recorded, digits } = await heldOutAccuracy(BASE_MODELS.allDigits);
    expect(digits).toEqual([...ALL_DIGITS]);
    expect(accuracy).toBeGreaterThan(0.95);
    expect(accuracy).toBe(recorded);
  });

  it("are small", () => {
    for (const folder of Object.values(BASE_MODELS)) expect(shippedModelBytes(folder)).toBeLessThan(100_000);
  });

  it("refuse weights that do not match their manifest", () => {
    const files = readShippedModel(BASE_MODELS.pretrain);
    const bytes = files.weights instanceof Uint8Array ? files.weights : new Uint8Array(files.weights);
    expect(() => loadBaseModel(tf, { manifest: files.manifest, weights: bytes.subarray(2) })).toThrow(/extra bytes|too short/);
  });
});
