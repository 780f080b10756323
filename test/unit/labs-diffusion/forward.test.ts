import { describe, expect, test } from "vitest";

import { makeRng } from "@/lib/labs/data";
import { noiseClosedForm, noiseIterated, noiseWith, toModelScale, toPixelScale } from "@/lib/labs/diffusion-studio/forward";
import {
  COSINE_MAX_BETA,
  DIFFUSION_STEPS,
  firstStepBelow,
  LINEAR_BETA_END,
  LINEAR_BETA_START,
  logSnrOf,
  makeSchedule,
  type ScheduleKind,
  scheduleOf,
  snrOf,
} from "@/lib/labs/diffusion-studio/schedule";

describe("schedules", () => {
  test("the cosine schedule's alphaBar falls monotonically from 1 to near 0, with betas capped", () => {
    const s = scheduleOf("cosine");
    expect(s.alphaBars[0]).toBe(1);
    for (let t = 1; t <= DIFFUSION_STEPS; t++) {
      expect(s.alphaBars[t]).toBeLessThan(s.alphaBars[t - 1] as number);
      expect(s.betas[t]).toBeGreaterThan(0);
      expect(s.betas[t]).toBeLessThanOrEqual(COSINE_MAX_BETA);
    }
    expect(s.alphaBars[DIFFUSION_STEPS]).toBeLessThan(1e-6);
    // Close to the uncapped closed form f(t)/f(0) until the cap bites at the very end.
    const f = (t: number) => Math.cos(((t / 1000 + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    for (const t of [1, 100, 500, 900, 990]) expect(s.alphaBars[t]).toBeCloseTo(f(t) / f(0), 6);
  });

  test("the linear schedule's betas run from 1e-4 to 0.02 and alphaBar is their running product", () => {
    const s = scheduleOf("linear");
    expect(s.betas[1]).toBeCloseTo(LINEAR_BETA_START, 12);
    expect(s.betas[DIFFUSION_STEPS]).toBeCloseTo(LINEAR_BETA_END, 12);
    let product = 1;
    for (let t = 1; t <= DIFFUSION_STEPS; t++) product *= 1 - (s.betas[t] as number);
    expect(s.alphaBars[DIFFUSION_STEPS]).toBeCloseTo(product, 12);
    expect(s.alphaBars[DIFFUSION_STEPS]).toBeLessThan(1e-4);
  });

  test("halfway, the cosine schedule keeps far more signal than the linear one", () => {
    expect(scheduleOf("cosine").alphaBars[500]).toBeCloseTo(0.49, 2);
    expect(scheduleOf("linear").alphaBars[500]).toBeCloseTo(0.08, 2);
    // So the linear schedule crosses any noise level earlier.
    const half = (kind: ScheduleKind) => firstStepBelow(scheduleOf(kind), 0.5) as number;
    expect(half("linear")).toBeLessThan(half("cosine"));
  });

  test("SNR falls as t grows, and log-SNR is its logarithm", () => {
    for (const kind of ["cosine", "linear"] as const) {
      const s = scheduleOf(kind);
      for (let t = 2; t <= DIFFUSION_STEPS; t++) {
        expect(snrOf(s.alphaBars[t] as number)).toBeLessThan(snrOf(s.alphaBars[t - 1] as number));
      }
    }
    expect(snrOf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(logSnrOf(0.8)).toBeCloseTo(Math.log(4), 12);
  });

  test("a schedule needs at least two steps", () => {
    expect(() => makeSchedule("cosine", 1)).toThrow(RangeError);
  });
});

function stats(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, variance: values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length };
}

describe("the forward process", () => {
  // A small "image" with pixels across [-1, 1].
  const x0 = Float32Array.from({ length: 8 }, (_, i) => -1 + (2 * i) / 7);
  const SAMPLES = 1500;

  test.each([
    ["cosine", 300],
    ["linear", 300],
    ["cosine", 900],
  ] as const)("closed form and iterated single steps agree in distribution (%s, t = %i)", (kind, t) => {
    const schedule = scheduleOf(kind);
    const ab = schedule.alphaBars[t] as number;
    const closedRng = makeRng(11, "closed");
    const iterRng = makeRng(11, "iterated");
    const closed: number[][] = Array.from(x0, () => []);
    const iterated: number[][] = Array.from(x0, () => []);
    for (let k = 0; k < SAMPLES; k++) {
      const a = noiseClosedForm(x0, schedule, t, closedRng).xt;
      const b = noiseIterated(x0, schedule, t, iterRng);
      for (let i = 0; i < x0.length; i++) {
        (closed[i] ?? []).push(a[i] as number);
        (iterated[i] ?? []).push(b[i] as number);
      }
    }
    const se = Math.sqrt((1 - ab) / SAMPLES);
    for (let i = 0; i < x0.length; i++) {
      const c = stats(closed[i] ?? []);
      const it = stats(iterated[i] ?? []);
      const mean = Math.sqrt(ab) * (x0[i] as number);
      // Each mean within 4.5 standard errors of the theory, each variance within 15% of 1 - alphaBar.
      expect(Math.abs(c.mean - mean)).toBeLessThan(4.5 * se);
      expect(Math.abs(it.mean - mean)).toBeLessThan(4.5 * se);
      expect(Math.abs(c.variance / (1 - ab) - 1)).toBeLessThan(0.15);
      expect(Math.abs(it.variance / (1 - ab) - 1)).toBeLessThan(0.15);
    }
  });

  test("x_t with a given noise is the closed form exactly, and t = 0 is the clean image", () => {
    const eps = Float32Array.from(x0, (_, i) => (i % 2 === 0 ? 1 : -1));
    const xt = noiseWith(x0, 0.64, eps);
    xt.forEach((v, i) => expect(v).toBeCloseTo(0.8 * (x0[i] as number) + 0.6 * (eps[i] as number), 6));
    expect(Array.from(noiseIterated(x0, scheduleOf("cosine"), 0, makeRng(1, "x")))).toEqual(Array.from(x0));
  });

  test("pixel and model scales round-trip", () => {
    const pixels = Float32Array.of(0, 0.25, 1);
    expect(Array.from(toModelScale(pixels))).toEqual([-1, -0.5, 1]);
    expect(Array.from(toPixelScale(toModelScale(pixels)))).toEqual([0, 0.25, 1]);
    expect(Array.from(toPixelScale(Float32Array.of(-3, 3)))).toEqual([0, 1]);
  });
});
