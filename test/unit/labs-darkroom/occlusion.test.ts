import { describe, expect, test } from "vitest";

import { blankImage, type GreyImage } from "@/lib/labs/conv-darkroom/images";
import {
  clampPatch,
  type ClassifyFn,
  heatMap,
  inkVersusBackground,
  logOdds,
  occlude,
  occlusionScan,
  PATCH_FILL,
  scanPositions,
  strokesVersusBackground,
  topClasses,
} from "@/lib/labs/conv-darkroom/occlusion";

/**
 * A stand-in classifier that "sees" digit 7 in proportion to the brightness of the image's top rows
 * (the bar of a 7) and spreads the rest over the other digits.
 */
const topBarClassifier: ClassifyFn = async (images) =>
  images.map((image) => {
    let top = 0;
    for (let i = 0; i < image.size * 16; i++) top += image.pixels[i] as number;
    const p7 = Math.min(1, top / (image.size * 16));
    return Float32Array.from({ length: 10 }, (_, d) => (d === 7 ? p7 : (1 - p7) / 9));
  });

function barImage(): GreyImage {
  const image = blankImage(64);
  image.pixels.fill(1, 0, 64 * 16);
  return image;
}

describe("patch geometry", () => {
  test("a scan covers the image with the patch every 4 pixels, the last one flush with the edge", () => {
    const positions = scanPositions(64, 12, 4);
    expect(positions).toHaveLength(14 * 14);
    expect(positions[0]).toEqual({ x: 0, y: 0 });
    expect(positions.at(-1)).toEqual({ x: 52, y: 52 });
    expect(scanPositions(20, 12, 5).map((p) => p.x).slice(0, 3)).toEqual([0, 5, 8]);
  });

  test("the patch stays inside the image and fills exactly its square", () => {
    expect(clampPatch({ x: -5, y: 70 }, 64)).toEqual({ x: 0, y: 52 });
    const out = occlude(blankImage(64, 0.7), { x: 10, y: 20 });
    const covered = out.pixels.reduce((n, p) => n + (p === PATCH_FILL ? 1 : 0), 0);
    expect(covered).toBe(144);
    expect(out.pixels[20 * 64 + 10]).toBe(PATCH_FILL);
    expect(out.pixels[19 * 64 + 10]).toBeCloseTo(0.7, 6);
  });
});

describe("occlusion scan", () => {
  test("covering what the classifier relies on drops the true class; the rest does not", async () => {
    const image = barImage();
    const progress: number[] = [];
    const scan = await occlusionScan(topBarClassifier, image, 7, { onProgress: (p) => progress.push(p) });
    expect(scan.base).toBe(1);
    expect(progress.at(-1)).toBe(1);
    const split = inkVersusBackground(scan, image);
    expect(split.ink).toBeGreaterThan(split.background as number);
    // In log-odds: a patch on the bar removes evidence; on the black rows below it removes none.
    const where = strokesVersusBackground(scan, image);
    expect(where.background).toBe(0);
    expect(where.strokes).toBeGreaterThan(1);
    // The first patch hides 144 of the bar's 1024 pixels: p(7) = 880/1024, and the rest is shared by the others.
    expect(scan.logOddsFalls[0]).toBeCloseTo(scan.baseLogOdds - Math.log(880 / 144), 4);
    // The saliency map is brightest over the bar.
    expect(scan.heat.pixels[4 * 64 + 30]).toBeGreaterThan(scan.heat.pixels[50 * 64 + 30] as number);
  });

  test("a heat map averages the drops of the patches covering each pixel", () => {
    const heat = heatMap(4, [{ x: 0, y: 0 }, { x: 2, y: 0 }, { x: 1, y: 0 }], Float32Array.of(1, 3, 2), 2);
    expect(heat.pixels[0]).toBe(1);
    expect(heat.pixels[1]).toBe(1.5);
    expect(heat.pixels[2]).toBe(2.5);
    expect(heat.pixels[3]).toBe(3);
    expect(heat.pixels[12]).toBe(0);
  });

  test("a scan stops when it is no longer wanted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(occlusionScan(topBarClassifier, barImage(), 7, { signal: controller.signal })).rejects.toThrow();
  });

  test("log-odds sum the other digits' probabilities, so a confident 1 stays finite", () => {
    expect(logOdds(Float32Array.of(0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0), 0)).toBe(0);
    expect(logOdds(Float32Array.of(0.75, 0.25, 0, 0, 0, 0, 0, 0, 0, 0), 0)).toBeCloseTo(Math.log(3), 6);
    expect(logOdds(Float32Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0)).toBeCloseTo(Math.log(1e30), 6);
  });

  test("a picture with no dark background has no background positions to compare", async () => {
    const grey = blankImage(64, 0.5);
    const scan = await occlusionScan(topBarClassifier, grey, 7);
    expect(strokesVersusBackground(scan, grey).background).toBeNull();
  });

  test("top classes are sorted by probability", () => {
    const probs = Float32Array.of(0.1, 0.05, 0.6, 0, 0, 0.2, 0, 0, 0.05, 0);
    expect(topClasses(probs).map((c) => c.digit)).toEqual([2, 5, 0]);
  });
});
