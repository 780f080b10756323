import { describe, expect, test } from "vitest";

import { defaultLabConfig } from "@/lib/labs/configs";
import { toModelScale } from "@/lib/labs/diffusion-studio/forward";
import type { EpsFn } from "@/lib/labs/diffusion-studio/samplers";
import {
  type DigitClassify,
  evaluationsFor,
  noisedSource,
  recognisableBounds,
  recognisableUntil,
  recognitionCurve,
  rms,
  samplePair,
  summarizeDiffusionRun,
} from "@/lib/labs/diffusion-studio/run";
import { diffusionSummarySchema } from "@/lib/labs/diffusion-studio/summary";
import { gradePredictions } from "@/lib/labs/predictions";

/** A "digit": a bright vertical bar on black, grey levels in [0, 1]. */
const SOURCE = Float32Array.from({ length: 784 }, (_, i) => (i % 28 >= 12 && i % 28 < 16 ? 1 : 0));

/**
 * A stand-in classifier: it names digit 1 with a probability that rises with the correlation between the
 * image and the bar, so it stops recognising the bar once noise swamps it.
 */
const barClassifier: DigitClassify = async (images, count) => {
  const centred = Float32Array.from(SOURCE, (v) => v - 4 / 28);
  const norm = Math.sqrt(centred.reduce((s, v) => s + v * v, 0));
  return Array.from({ length: count }, (_, k) => {
    const image = images.subarray(k * 784, (k + 1) * 784);
    const mean = image.reduce((s, v) => s + v, 0) / 784;
    let dot = 0;
    let sq = 0;
    image.forEach((v, i) => {
      dot += (v - mean) * (centred[i] as number);
      sq += (v - mean) ** 2;
    });
    const correlation = sq > 0 ? dot / (Math.sqrt(sq) * norm) : 0;
    const p = Math.max(0, Math.min(1, (correlation - 0.2) / 0.4));
    return Float32Array.from({ length: 10 }, (_, d) => (d === 1 ? p : (1 - p) / 9));
  });
};

/** The exact noise prediction for data concentrated on the source image. */
const exactEps: EpsFn = async (x, alphaBar) => {
  const a = Math.sqrt(alphaBar);
  const b = Math.sqrt(1 - alphaBar);
  const x0 = toModelScale(SOURCE);
  return Float32Array.from(x, (v, i) => (v - a * (x0[i % 784] as number)) / b);
};

/** The exact noise prediction when each pixel is drawn from N(source pixel, 0.3^2): sampling keeps randomness. */
const gaussianEps: EpsFn = async (x, alphaBar) => {
  const a = Math.sqrt(alphaBar);
  const b = Math.sqrt(1 - alphaBar);
  const x0 = toModelScale(SOURCE);
  const denominator = alphaBar * 0.09 + b * b;
  return Float32Array.from(x, (v, i) => (b * (v - a * (x0[i % 784] as number))) / denominator);
};

describe("recognition curves", () => {
  test("the bar stays recognisable to a later step under the cosine schedule than under the linear one", async () => {
    const cosine = await recognitionCurve(barClassifier, SOURCE, 1, "cosine", 3, { every: 50, draws: 4 });
    const linear = await recognitionCurve(barClassifier, SOURCE, 1, "linear", 3, { every: 50, draws: 4 });
    expect(cosine.steps[0]).toBe(0);
    expect(cosine.steps.at(-1)).toBe(1000);
    expect(cosine.probability[0]).toBe(1);
    const c = recognisableUntil(cosine) as number;
    const l = recognisableUntil(linear) as number;
    expect(c).toBeGreaterThan(l + 50);
    expect(l).toBeGreaterThan(0);
    expect(recognisableUntil({ steps: [0, 10], probability: [0.2, 0.1], standardError: [0, 0] })).toBeNull();
    // The point estimate lies inside the bounds the draws' spread gives.
    for (const curve of [cosine, linear]) {
      const { low, high } = recognisableBounds(curve);
      const until = recognisableUntil(curve) as number;
      expect(low ?? -1).toBeLessThanOrEqual(until);
      expect(high ?? -1).toBeGreaterThanOrEqual(until);
    }
  });

  test("the bounds widen by two standard errors either side of one half", () => {
    const curve = { steps: [0, 20, 40, 60, 80], probability: [1, 0.8, 0.55, 0.45, 0.1], standardError: [0, 0.05, 0.05, 0.05, 0.05] };
    expect(recognisableUntil(curve)).toBe(40);
    // 0.55 - 2 * 0.05 is not above 1/2; 0.45 + 2 * 0.05 is not below it; 0.1 + 0.1 is.
    expect(recognisableBounds(curve)).toEqual({ low: 20, high: 60 });
    expect(recognisableBounds({ steps: [0, 20], probability: [0.1, 0.1], standardError: [0, 0] })).toEqual({ low: null, high: null });
  });
});

describe("paired sampling and the summary", () => {
  const base = { ...defaultLabConfig("diffusion-studio"), t: 600, steps: 20, seed: 5, digit: 1 };

  async function finals(sampler: typeof base.sampler, eps: EpsFn = exactEps) {
    const config = { ...base, sampler };
    const start = noisedSource(SOURCE, config.schedule, config.t, config.seed).xt;
    let a = start;
    let b = start;
    let count = 0;
    for await (const pair of samplePair(eps, start, config)) {
      a = pair.first.xNext;
      b = pair.secondNext;
      count++;
    }
    expect(count).toBe(evaluationsFor(config));
    return { config, a: Float32Array.from(a), b: Float32Array.from(b) };
  }

  test("deterministic samplers give the same image twice, DDIM with eta = 1 does not", async () => {
    for (const sampler of ["ddim-eta0", "euler"] as const) {
      const { a, b } = await finals(sampler, gaussianEps);
      expect(rms(a, b)).toBe(0);
    }
    const { a, b } = await finals("ddim-eta1", gaussianEps);
    expect(rms(a, b)).toBeGreaterThan(1e-3);
  });

  test("the summary validates and grades the diffusion predictions", async () => {
    const { config: noised, a, b } = await finals("ddim-eta0");
    // From t = 300 of the cosine schedule (alphaBar about 0.79) the same-digit prediction is graded.
    const config = { ...noised, t: 300 };
    const curve = (until: number) => ({ steps: [0, until, until + 20], probability: [1, 0.9, 0.1], standardError: [0, 0.01, 0.01] });
    const summary = diffusionSummarySchema.parse(
      summarizeDiffusionRun({
        config,
        curves: { cosine: curve(700), linear: curve(400) },
        finalA: a,
        finalB: b,
        source: SOURCE,
        finalDigit: 1,
        finalProbability: 0.97,
        sample: 0,
      }),
    );
    expect(summary.recognisableUntil).toEqual({ cosine: 700, linear: 400 });
    expect(summary.recognisableBounds).toEqual({ cosine: { low: 700, high: 700 }, linear: { low: 400, high: 400 } });
    // With the exact noise the sampler returns the source itself.
    expect(summary.sourceRms).toBeLessThan(1e-3);
    const graded = gradePredictions("diffusion-studio", summary, config, {
      "diffusion-recognisable-longer": "cosine",
      "diffusion-same-image-twice": true,
      "diffusion-denoised-same-digit": false,
    });
    expect(graded.ok && graded.graded.map((g) => g.verdict)).toEqual(["confirmed", "confirmed", "refuted"]);
    expect(gradePredictions("diffusion-studio", summary, config, { "diffusion-same-image-twice": "yes" }).ok).toBe(false);
  });
});
