import { describe, expect, test } from "vitest";

import { makeRng } from "@/lib/labs/data";
import { gaussianNoise } from "@/lib/labs/diffusion-studio/forward";
import {
  ddimStep,
  type EpsFn,
  predictX0,
  type SamplerKind,
  sampleImage,
  sampleSteps,
  samplingTimesteps,
} from "@/lib/labs/diffusion-studio/samplers";
import { type ScheduleKind, scheduleOf } from "@/lib/labs/diffusion-studio/schedule";

/**
 * For data x0 ~ N(mu, s^2) in every coordinate, x_t = a x0 + b eps is Gaussian too and the best noise
 * prediction is exact: E[eps | x_t] = b (x_t - a mu) / (a^2 s^2 + b^2). A correct sampler driven by it
 * turns N(0, 1) into N(mu, s^2).
 */
function gaussianEps(mu: number, s: number): EpsFn {
  return async (x, alphaBar) => {
    const a = Math.sqrt(alphaBar);
    const b = Math.sqrt(1 - alphaBar);
    const denominator = alphaBar * s * s + b * b;
    return Float32Array.from(x, (v) => (b * (v - a * mu)) / denominator);
  };
}

function meanAndVariance(values: Float32Array): { mean: number; variance: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, variance: sq / values.length };
}

const MU = 0.3;
const S = 0.4;
const N = 4000;

describe("sampling timesteps", () => {
  test("run from the start down to 0 without repeats", () => {
    expect(samplingTimesteps(1000, 4)).toEqual([1000, 750, 500, 250, 0]);
    expect(samplingTimesteps(3, 10)).toEqual([3, 2, 1, 0]);
    expect(samplingTimesteps(1000, 1000)).toHaveLength(1001);
  });
});

describe("the samplers turn noise into the data distribution", () => {
  const cases: [ScheduleKind, SamplerKind, number][] = [
    ["cosine", "ddim-eta0", 100],
    ["cosine", "ddim-eta1", 200],
    ["cosine", "euler", 200],
    ["linear", "ddim-eta0", 100],
    ["linear", "ddim-eta1", 200],
    ["linear", "euler", 200],
  ];
  test.each(cases)("%s schedule, %s, %i steps", async (kind, sampler, steps) => {
    const out = await sampleImage(gaussianEps(MU, S), {
      schedule: scheduleOf(kind),
      sampler,
      steps,
      startStep: 1000,
      start: gaussianNoise(N, makeRng(1, "start")),
      noise: makeRng(1, "noise"),
      clipX0: false,
    });
    const { mean, variance } = meanAndVariance(out);
    // Sampling error of N = 4000 draws: about 0.006 on the mean and 0.004 on the variance; the rest of the
    // tolerance is the discretisation error of these step counts.
    expect(Math.abs(mean - MU)).toBeLessThan(0.03);
    expect(Math.abs(variance - S * S)).toBeLessThan(0.02);
  });
});

describe("determinism", () => {
  const start = gaussianNoise(784, makeRng(5, "start"));
  const run = (sampler: SamplerKind, noiseSeed: number) =>
    sampleImage(gaussianEps(MU, S), {
      schedule: scheduleOf("cosine"),
      sampler,
      steps: 20,
      startStep: 1000,
      start,
      noise: makeRng(noiseSeed, "noise"),
    });

  test("DDIM with eta = 0 and Euler give the same image from the same start, whatever the noise stream", async () => {
    await expect(run("ddim-eta0", 1)).resolves.toEqual(await run("ddim-eta0", 2));
    await expect(run("euler", 1)).resolves.toEqual(await run("euler", 2));
  });

  test("DDIM with eta = 1 depends on the fresh noise, and repeats with the same noise seed", async () => {
    const a = await run("ddim-eta1", 1);
    expect(await run("ddim-eta1", 1)).toEqual(a);
    const b = await run("ddim-eta1", 2);
    const differ = a.some((v, i) => Math.abs(v - (b[i] as number)) > 1e-3);
    expect(differ).toBe(true);
  });
});

describe("single steps", () => {
  test("a DDIM step with eta = 0 re-noises the predicted x0 with the predicted noise", () => {
    // The worked example of the course: x_t = 0.2, abar_t = 0.36, eps^ = -0.5, abar_s = 0.64 -> x0^ = 1, x_s = 0.5.
    const x = Float32Array.of(0.2);
    const eps = Float32Array.of(-0.5);
    expect(predictX0(x, eps, 0.36)[0]).toBeCloseTo(1, 6);
    expect(ddimStep(x, eps, 0.36, 0.64, 0, makeRng(1, "n"))[0]).toBeCloseTo(0.5, 6);
  });

  test("each step reports the predicted clean image and lands at t = 0", async () => {
    const steps = [];
    for await (const step of sampleSteps(gaussianEps(MU, S), {
      schedule: scheduleOf("linear"),
      sampler: "ddim-eta0",
      steps: 5,
      startStep: 400,
      start: gaussianNoise(16, makeRng(2, "start")),
      noise: makeRng(2, "noise"),
    })) {
      steps.push(step);
    }
    expect(steps.map((s) => s.t)).toEqual([400, 320, 240, 160, 80]);
    expect(steps.at(-1)?.next).toBe(0);
    // The last DDIM step to abar = 1 returns the predicted clean image itself.
    const last = steps.at(-1);
    expect(last && Array.from(last.xNext)).toEqual(last && Array.from(last.x0));
  });
});
