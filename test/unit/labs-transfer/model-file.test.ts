import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

import { makeRng } from "@/lib/labs/data";
import { DIGITS_CNN_LAYERS, type DigitsCnnValues, initAllParams, PARAM_NAMES } from "@/lib/labs/digits/digits-cnn";
import {
  decodeDigitsCnn,
  encodeDigitsCnn,
  fromFloat16Bits,
  toFloat16Bits,
  type TrainingRecord,
} from "@/lib/labs/digits/model-file";
import { startNodeBackend } from "@/lib/labs/train/node-backend";

const TRAINING: TrainingRecord = {
  script: "test",
  data: "test",
  backend: "cpu",
  seed: 1,
  epochs: 1,
  batchSize: 1,
  learningRate: 0.1,
  trainImages: 1,
  heldOutImages: 1,
  heldOutAccuracy: 0.5,
};

function sampleModel(seed: number): DigitsCnnValues {
  const architecture = { ...DIGITS_CNN_LAYERS, classes: 5 };
  const params = initAllParams(architecture, makeRng(seed, "test"));
  // Non-zero biases, so the bias entries are checked too.
  params["dense1/bias"].forEach((_, i, a) => (a[i] = (i - 32) / 7));
  return { architecture, digits: [0, 1, 2, 3, 4], params };
}

describe("float16 conversion", () => {
  it("gives the IEEE half-precision bits of exactly representable values", () => {
    expect(toFloat16Bits(0)).toBe(0x0000);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff); // largest finite half
    expect(toFloat16Bits(2 ** -14)).toBe(0x0400); // smallest normal half
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal half
    expect(toFloat16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(toFloat16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(toFloat16Bits(Number.NaN) & 0x3ff).not.toBe(0);
  });

  it("rounds to nearest, ties to even, and overflows to infinity", () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1 + 2^-10: even is 1
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 0x3c01 and 0x3c02: even is 0x3c02
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above halfway
    expect(toFloat16Bits(2 ** -25)).toBe(0); // halfway between 0 and the smallest subnormal
    expect(toFloat16Bits(3 * 2 ** -25)).toBe(0x0002); // halfway between 1 and 2 subnormal steps
    expect(toFloat16Bits(65520)).toBe(0x7c00); // halfway between 65504 and 65536 rounds up to infinity
    expect(toFloat16Bits(2 - 2 ** -11)).toBe(0x4000); // halfway above 0x3bff: the carry out of the mantissa gives 2
  });

  it("round-trips every half-precision value", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = fromFloat16Bits(bits);
      if (Number.isNaN(value)) continue;
      expect(toFloat16Bits(value)).toBe(bits);
    }
  });

  it("keeps the relative error of normal values within half a unit in the last place (2^-11)", () => {
    const rng = makeRng(7, "float16");
    for (let i = 0; i < 2000; i++) {
      const value = (rng() - 0.5) * 10 ** Math.floor(rng() * 8 - 4);
      if (Math.abs(value) < 2 ** -14) continue;
      const back = fromFloat16Bits(toFloat16Bits(value));
      expect(Math.abs(back - value)).toBeLessThanOrEqual(Math.abs(value) * 2 ** -11);
    }
  });
});

describe("model file", () => {
  beforeAll(async () => {
    await startNodeBackend(tf, "cpu");
  });

  it("decodes to the same numbers as TensorFlow.js's own float16 weight decoder", async () => {
    const model = sampleModel(3);
    const { manifest, weights } = encodeDigitsCnn(model, TRAINING);
    const decoded = decodeDigitsCnn(JSON.parse(JSON.stringify(manifest)) as unknown, weights);
    const reference = tf.io.decodeWeights(weights.buffer as ArrayBuffer, manifest.weightsManifest[0].weights);
    for (const name of PARAM_NAMES) {
      const expected = reference[name];
      if (!expected) throw new Error(`tfjs decoded no ${name}`);
      expect(expected.shape).toEqual(Array.from(manifest.weightsManifest[0].weights.find((w) => w.name === name)?.shape ?? []));
      expect(Array.from(decoded.params[name])).toEqual(Array.from(await expected.data()));
      expected.dispose();
    }
    expect(decoded.architecture).toEqual(model.architecture);
    expect(decoded.digits).toEqual([0, 1, 2, 3, 4]);
  });

  it("stores two bytes per weight and stays within float16 precision of the original", () => {
    const model = sampleModel(4);
    const { weights } = encodeDigitsCnn(model, TRAINING);
    const count = PARAM_NAMES.reduce((sum, name) => sum + model.params[name].length, 0);
    expect(weights.byteLength).toBe(2 * count);
    const decoded = decodeDigitsCnn(encodeDigitsCnn(model, TRAINING).manifest, weights);
    for (const name of PARAM_NAMES) {
      model.params[name].forEach((v, i) => {
        expect(Math.abs((decoded.params[name][i] as number) - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -24);
      });
    }
  });

  it("names what is wrong with a broken file", () => {
    const { manifest, weights } = encodeDigitsCnn(sampleModel(5), TRAINING);
    expect(() => decodeDigitsCnn({ ...manifest, format: "other" }, weights)).toThrow(/not a digits-cnn\/1 model/);
    expect(() => decodeDigitsCnn(manifest, weights.subarray(0, weights.length - 2))).toThrow(/too short/);
    const longer = new Uint8Array(weights.length + 4);
    longer.set(weights);
    expect(() => decodeDigitsCnn(manifest, longer)).toThrow(/4 extra bytes/);
    const entries = manifest.weightsManifest[0].weights;
    const reshaped = {
      ...manifest,
      weightsManifest: [{ ...manifest.weightsManifest[0], weights: entries.map((e, i) => (i === 0 ? { ...e, shape: [9, 8] } : e)) }],
    };
    expect(() => decodeDigitsCnn(reshaped, weights)).toThrow(/conv1\/kernel has shape 9x8, expected 3x3x1x8/);
    expect(() => decodeDigitsCnn({ ...manifest, digits: [0, 1] }, weights)).toThrow(/5 classes but names 2 digits/);
  });
});
