import { describe, expect, test } from "vitest";

import { digitProbabilities } from "@/lib/labs/conv-darkroom/classifier";
import { defaultLabConfig } from "@/lib/labs/configs";
import { gaussian, makeRng } from "@/lib/labs/data";
import { toPixelScale } from "@/lib/labs/diffusion-studio/forward";
import {
  denoisedSameDigit,
  NOISE_READS_AS,
  recognisableLonger,
  sameImageTwice,
} from "@/lib/labs/diffusion-studio/predictions";
import type { DiffusionSummary } from "@/lib/labs/diffusion-studio/summary";
import { DigitsCnn } from "@/lib/labs/digits/digits-cnn";
import { nodeLabAssets } from "@/lib/labs/node-assets";

import { testTf } from "../labs/tf-backend";

const config = defaultLabConfig("diffusion-studio");

function summary(patch: Partial<DiffusionSummary> = {}): DiffusionSummary {
  return {
    lab: "diffusion-studio",
    steps: 50,
    schedule: "cosine",
    sampler: "ddim-eta0",
    startStep: 400,
    evaluations: 50,
    digit: 3,
    sample: 0,
    recognisableUntil: { cosine: 660, linear: 380 },
    recognisableBounds: { cosine: { low: 640, high: 680 }, linear: { low: 360, high: 400 } },
    repeatRms: 0,
    sourceRms: 0.3,
    finalDigit: 3,
    finalProbability: 0.99,
    ...patch,
  };
}

describe("which schedule keeps the digit recognisable longer", () => {
  test("a schedule wins only when its range lies wholly after the other's", () => {
    expect(recognisableLonger.read(summary(), config).accepted).toEqual(["cosine"]);
    const linear = summary({ recognisableUntil: { cosine: 380, linear: 660 }, recognisableBounds: { cosine: { low: 360, high: 400 }, linear: { low: 640, high: 680 } } });
    expect(recognisableLonger.read(linear, config).accepted).toEqual(["linear"]);
    const overlap = summary({ recognisableBounds: { cosine: { low: 380, high: 680 }, linear: { low: 360, high: 400 } } });
    expect(recognisableLonger.read(overlap, config).accepted).toBe("too-close");
  });

  test("a source the classifier never or always names decides nothing", () => {
    const never = summary({ recognisableUntil: { cosine: null, linear: null }, recognisableBounds: { cosine: { low: null, high: null }, linear: { low: null, high: null } } });
    expect(recognisableLonger.read(never, config).accepted).toBe("too-close");
    const always = summary({ recognisableUntil: { cosine: 1000, linear: 1000 }, recognisableBounds: { cosine: { low: 1000, high: 1000 }, linear: { low: 1000, high: 1000 } } });
    expect(recognisableLonger.read(always, config).accepted).toBe("too-close");
    expect(recognisableLonger.gradedWhen({ ...config, digit: NOISE_READS_AS })).toMatch(/pure noise/);
    expect(recognisableLonger.gradedWhen(config)).toBe(true);
  });

  test("the shipped classifier reads pure noise as an 8", async () => {
    const tf = await testTf();
    const model = new DigitsCnn(tf, await nodeLabAssets().digitClassifier());
    try {
      const rng = makeRng(1, "noise");
      const count = 8;
      const images = toPixelScale(Float32Array.from({ length: count * 784 }, () => gaussian(rng)));
      const probs = await digitProbabilities(tf, model, images, count);
      const mean = probs.reduce((sum, p) => sum + (p[NOISE_READS_AS] as number), 0) / count;
      expect(mean).toBeGreaterThan(0.5);
    } finally {
      model.dispose();
    }
  });
});

describe("the same image twice", () => {
  test("same up to rounding, different beyond one grey level, too close between", () => {
    expect(sameImageTwice.read(summary({ repeatRms: 0 }), config).accepted).toEqual([true]);
    expect(sameImageTwice.read(summary({ repeatRms: 1e-3 }), config).accepted).toBe("too-close");
    expect(sameImageTwice.read(summary({ repeatRms: 0.2 }), config).accepted).toEqual([false]);
    expect(sameImageTwice.read(summary({ repeatRms: null }), config).accepted).toBe("too-close");
  });

  test("DDIM with eta = 1 is taught to differ only when it draws fresh noise, and grades each card on its own sampler", () => {
    const eta1 = { ...config, sampler: "ddim-eta1" as const };
    expect(sameImageTwice.taught(eta1)).toBe(false);
    // One step lands on t = 0, where DDIM adds no noise.
    expect(sameImageTwice.taught({ ...eta1, steps: 1 })).toBe(true);
    expect(sameImageTwice.gradesCard("diffusion-sampling-ddpm-step", eta1)).toBe(true);
    expect(sameImageTwice.gradesCard("diffusion-sampling-ddpm-step", { ...eta1, steps: 1 })).toBe(false);
    expect(sameImageTwice.gradesCard("diffusion-sampling-ddim-eta0", eta1)).toBe(false);
    expect(sameImageTwice.gradesCard("diffusion-sampling-ddim-eta0", config)).toBe(true);
    const euler = { ...config, sampler: "euler" as const };
    expect(sameImageTwice.gradesCard("diffusion-sampling-ddim-eta0", euler)).toBe(false);
    expect(sameImageTwice.gradesCard("diffusion-sampling-ddpm-step", euler)).toBe(false);
  });
});

describe("the denoised digit", () => {
  test("graded from an SNR of 1 and up, computed from the schedule at t", () => {
    expect(denoisedSameDigit.gradedWhen({ ...config, schedule: "cosine", t: 400 })).toBe(true);
    expect(denoisedSameDigit.gradedWhen({ ...config, schedule: "linear", t: 200 })).toBe(true);
    expect(denoisedSameDigit.gradedWhen({ ...config, schedule: "cosine", t: 500 })).toMatch(/alpha-bar = 0.494/);
    expect(denoisedSameDigit.gradedWhen({ ...config, schedule: "linear", t: 500 })).toMatch(/noise outweighs/);
  });

  test("a sampler that draws fresh noise grades it only from an SNR of 4 and up", () => {
    const fresh = { ...config, sampler: "ddim-eta1", steps: 50 } as const;
    expect(denoisedSameDigit.gradedWhen({ ...fresh, schedule: "cosine", t: 250 })).toBe(true);
    expect(denoisedSameDigit.gradedWhen({ ...fresh, schedule: "cosine", t: 300 })).toMatch(/fresh noise/);
    expect(denoisedSameDigit.gradedWhen({ ...fresh, schedule: "cosine", t: 400 })).toMatch(/SNR 1\.8/);
    // One eta = 1 step ends at t = 0 and adds no noise: the eta = 0 bar applies.
    expect(denoisedSameDigit.gradedWhen({ ...fresh, steps: 1, schedule: "cosine", t: 400 })).toBe(true);
    expect(denoisedSameDigit.gradedWhen({ ...config, sampler: "ddim-eta0", schedule: "cosine", t: 400 })).toBe(true);
  });

  test("an image the classifier gives no digit even odds is too close to call", () => {
    expect(denoisedSameDigit.read(summary(), config).accepted).toEqual([true]);
    expect(denoisedSameDigit.read(summary({ finalDigit: 5 }), config).accepted).toEqual([false]);
    expect(denoisedSameDigit.read(summary({ finalDigit: 5, finalProbability: 0.4 }), config).accepted).toBe("too-close");
  });
});
