import { describe, expect, test } from "vitest";

import { DARKROOM_KERNELS } from "@/lib/labs/configs";
import {
  blankImage,
  checkerboard,
  DARKROOM_SIZE,
  digitImage,
  faceSilhouette,
  type GreyImage,
  paintStroke,
  resample,
} from "@/lib/labs/conv-darkroom/images";
import { formatWeight, KERNEL_PRESETS, parseWeight, presetOf, transposeKernel } from "@/lib/labs/conv-darkroom/kernels";

const mean = (image: GreyImage) => image.pixels.reduce((a, b) => a + b, 0) / image.pixels.length;

describe("images", () => {
  test("the checkerboard alternates 8-pixel squares, white in the top-left corner", () => {
    const board = checkerboard();
    expect(board.size).toBe(DARKROOM_SIZE);
    expect(board.pixels[0]).toBe(1);
    expect(board.pixels[8]).toBe(0);
    expect(board.pixels[8 * DARKROOM_SIZE + 8]).toBe(1);
    expect(mean(board)).toBe(0.5);
  });

  test("the face is a light head on a dark background with darker features inside", () => {
    const face = faceSilhouette();
    expect(face.pixels.every((p) => p >= 0 && p <= 1)).toBe(true);
    const at = (x: number, y: number) => face.pixels[Math.floor(y * 64) * 64 + Math.floor(x * 64)] as number;
    expect(at(0.05, 0.05)).toBeLessThan(0.2); // background
    expect(at(0.5, 0.25)).toBeGreaterThan(0.8); // forehead
    expect(at(0.41, 0.38)).toBeLessThan(0.4); // an eye
    // Symmetric about the vertical midline.
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 32; x++) expect(face.pixels[y * 64 + x]).toBeCloseTo(face.pixels[y * 64 + 63 - x] as number, 5);
    }
  });

  test("shrinking by area averaging keeps the mean brightness; enlarging a digit keeps it roughly", () => {
    const face = faceSilhouette();
    expect(mean(resample(face, 28))).toBeCloseTo(mean(face), 5);
    const small = resample(face, 28);
    const big = digitImage(small.pixels);
    expect(big.size).toBe(64);
    expect(Math.abs(mean(big) - mean(small))).toBeLessThan(0.01);
    // A constant image stays constant both ways.
    expect(resample(blankImage(64, 0.3), 28).pixels.every((p) => Math.abs(p - 0.3) < 1e-6)).toBe(true);
    expect(resample(blankImage(28, 0.3), 64, true).pixels.every((p) => Math.abs(p - 0.3) < 1e-6)).toBe(true);
  });

  test("a brush stroke paints a band of the given radius and an eraser stroke clears it", () => {
    const image = blankImage(32);
    paintStroke(image, { x: 4, y: 16 }, { x: 28, y: 16 }, 2);
    expect(image.pixels[16 * 32 + 16]).toBe(1);
    expect(image.pixels[15 * 32 + 16]).toBe(1);
    expect(image.pixels[8 * 32 + 16]).toBe(0);
    paintStroke(image, { x: 4, y: 16 }, { x: 28, y: 16 }, 4, 0);
    expect(image.pixels.every((p) => p === 0)).toBe(true);
  });
});

describe("kernels", () => {
  test("typed weights: decimals and fractions, with errors a learner can act on", () => {
    expect(parseWeight(" -0.5 ")).toEqual({ ok: true, value: -0.5 });
    expect(parseWeight("1/9")).toEqual({ ok: true, value: 1 / 9 });
    expect(parseWeight("-2/16")).toEqual({ ok: true, value: -0.125 });
    expect(parseWeight(".25")).toEqual({ ok: true, value: 0.25 });
    expect(parseWeight("2e-1")).toEqual({ ok: true, value: 0.2 });
    for (const bad of ["", "-", "abc", "1/0", "1e9", "2/3/4"]) expect(parseWeight(bad).ok).toBe(false);
  });

  test("presets are recognised by their weights, and their weights format back exactly", () => {
    for (const name of DARKROOM_KERNELS) {
      const kernel = KERNEL_PRESETS[name];
      expect(presetOf(kernel)).toBe(name);
      const typed = kernel.map((w) => parseWeight(formatWeight(w)));
      typed.forEach((t, i) => expect(t.ok && t.value).toBeCloseTo(kernel[i] as number, 12));
    }
    expect(presetOf([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeNull();
    expect(transposeKernel(KERNEL_PRESETS["sobel-x"])).toEqual([...KERNEL_PRESETS["sobel-y"]]);
  });
});
