import { readFileSync } from "node:fs";
import { join } from "node:path";

import { beforeAll, describe, expect, test } from "vitest";

import { makeRng } from "@/lib/labs/data";
import {
  DENOISER_LAYERS,
  Denoiser,
  type DenoiserValues,
  IMAGE_PIXELS,
  initDenoiserParams,
  noiseLevels,
  parameterCount,
} from "@/lib/labs/diffusion-studio/denoiser";
import { makeNoisedSet, scoreDenoiser } from "@/lib/labs/diffusion-studio/evaluate";
import { gaussianNoise, toModelScale } from "@/lib/labs/diffusion-studio/forward";
import {
  decodeDenoiser,
  DENOISER_FOLDER,
  denoiserManifestSchema,
  encodeDenoiser,
  MODEL_FILE,
  WEIGHTS_FILE,
} from "@/lib/labs/diffusion-studio/model-file";
import { noisedSource, rms } from "@/lib/labs/diffusion-studio/run";
import { sampleImage } from "@/lib/labs/diffusion-studio/samplers";
import { scheduleOf } from "@/lib/labs/diffusion-studio/schedule";
import { digitSet, readMnistSplits } from "@/lib/labs/train/digits";
import { ALL_DIGITS } from "@/lib/labs/digits/digit-tasks";

import { testTf, type Tf } from "../labs/tf-backend";

const dir = join(process.cwd(), "content", "models", DENOISER_FOLDER);
let tf: Tf;
let shipped: DenoiserValues;
let heldOut: Float32Array;

beforeAll(async () => {
  tf = await testTf();
  const manifest: unknown = JSON.parse(readFileSync(join(dir, MODEL_FILE), "utf8"));
  shipped = decodeDenoiser(manifest, readFileSync(join(dir, WEIGHTS_FILE)));
  // The held-out digits: images no shipped model was trained on. 30 of each digit.
  const set = digitSet(readMnistSplits(), ALL_DIGITS, "heldOut");
  const perDigit = set.count / ALL_DIGITS.length;
  const chosen = new Float32Array(ALL_DIGITS.length * 30 * IMAGE_PIXELS);
  ALL_DIGITS.forEach((_, d) => {
    chosen.set(set.images.subarray(d * perDigit * IMAGE_PIXELS, (d * perDigit + 30) * IMAGE_PIXELS), d * 30 * IMAGE_PIXELS);
  });
  heldOut = toModelScale(chosen);
});

describe("the shipped denoiser", () => {
  test("is small, and its manifest records how it was trained", () => {
    const bytes = readFileSync(join(dir, WEIGHTS_FILE)).byteLength + readFileSync(join(dir, MODEL_FILE)).byteLength;
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
    const manifest = denoiserManifestSchema.parse(JSON.parse(readFileSync(join(dir, MODEL_FILE), "utf8")));
    expect(manifest.training.script).toBe("lib/labs/diffusion-studio/train-denoiser.ts");
    expect(manifest.training.heldOutEpsMse).toBeLessThan(manifest.training.heldOutTrivialMse);
  });

  test("predicts the noise in held-out digits far better than the trivial predictor, at every noise level", async () => {
    const model = new Denoiser(tf, shipped);
    try {
      const set = makeNoisedSet(heldOut, 7);
      const score = await scoreDenoiser(tf, model, set);
      expect(score.trivial).toBeGreaterThan(0.9);
      expect(score.trivial).toBeLessThan(1.1);
      expect(score.model).toBeLessThan(0.25 * score.trivial);
      // By noise level: the quarter of the images with the least noise is the hardest, and still beaten.
      const levels = noiseLevels(set.alphaBars);
      const order = Array.from(levels.keys()).sort((a, b) => (levels[a] as number) - (levels[b] as number));
      const quarter = order.slice(Math.floor(0.75 * order.length));
      const predicted = await model.predictArrays(
        Float32Array.from(quarter.flatMap((i) => Array.from(set.noisy.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS)))),
        quarter.map((i) => set.alphaBars[i] as number),
      );
      const truth = Float32Array.from(quarter.flatMap((i) => Array.from(set.eps.subarray(i * IMAGE_PIXELS, (i + 1) * IMAGE_PIXELS))));
      expect(rms(predicted, truth) ** 2).toBeLessThan(0.8 * (rms(truth, new Float32Array(truth.length)) ** 2));
    } finally {
      model.dispose();
    }
  });

  test("DDIM with eta = 0 gives the same image from the same start, and denoising a noised digit moves it back", async () => {
    const model = new Denoiser(tf, shipped);
    try {
      const eps = (x: Float32Array, alphaBar: number) => model.predictArrays(x, [alphaBar]);
      const source = Float32Array.from(heldOut.subarray(0, IMAGE_PIXELS), (v) => (v + 1) / 2);
      const { xt } = noisedSource(source, "cosine", 400, 11);
      const options = (seed: number) => ({
        schedule: scheduleOf("cosine"),
        sampler: "ddim-eta0" as const,
        steps: 20,
        startStep: 400,
        start: xt,
        noise: makeRng(seed, "noise"),
      });
      const first = await sampleImage(eps, options(1));
      const second = await sampleImage(eps, options(2));
      expect(Array.from(second)).toEqual(Array.from(first));
      const x0 = toModelScale(source);
      expect(rms(first, x0)).toBeLessThan(0.5 * rms(xt, x0));
    } finally {
      model.dispose();
    }
  });
});

describe("the model file", () => {
  test.each(["float16", "uint8"] as const)("%s weights decode to within their quantization step", (quantization) => {
    const params = initDenoiserParams(DENOISER_LAYERS, makeRng(3, "init"));
    const values: DenoiserValues = { architecture: DENOISER_LAYERS, params };
    const training = {
      script: "test",
      data: "none",
      backend: "cpu",
      seed: 3,
      steps: 1,
      batchSize: 1,
      learningRate: 1,
      emaDecay: 0.9,
      trainImages: 1,
      heldOutImages: 1,
      heldOutEpsMse: 0,
      heldOutTrivialMse: 1,
      seconds: 0,
    };
    const { manifest, weights } = encodeDenoiser(values, training, quantization);
    expect(weights.byteLength).toBe(parameterCount(DENOISER_LAYERS) * (quantization === "float16" ? 2 : 1));
    const back = decodeDenoiser(JSON.parse(JSON.stringify(manifest)), weights);
    for (const [name, original] of Object.entries(params)) {
      const decoded = back.params[name] as Float32Array;
      const range = original.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-6);
      const worst = original.reduce((m, v, i) => Math.max(m, Math.abs((decoded[i] as number) - v)), 0);
      // float16 keeps 11 significant bits; uint8 splits [min, max] (at most 2 x range wide) into 255 steps.
      expect(worst, name).toBeLessThanOrEqual(quantization === "float16" ? range * 1e-3 : range / 255 + 1e-7);
    }
    expect(() => decodeDenoiser(manifest, weights.subarray(1))).toThrow(/too short|extra bytes/);
  });

  test("an untrained denoiser is a valid model too (the noise prediction has the image's shape)", async () => {
    const model = new Denoiser(tf, { architecture: DENOISER_LAYERS, params: initDenoiserParams(DENOISER_LAYERS, makeRng(1, "i")) });
    try {
      const out = await model.predictArrays(gaussianNoise(2 * IMAGE_PIXELS, makeRng(1, "x")), [0.5, 0.01]);
      expect(out).toHaveLength(2 * IMAGE_PIXELS);
      expect(out.every(Number.isFinite)).toBe(true);
    } finally {
      model.dispose();
    }
  });
});
