import { beforeAll, describe, expect, test } from "vitest";

import { DARKROOM_KERNELS } from "@/lib/labs/configs";
import {
  type ConvLayer,
  convolveReference,
  edgeSelectivity,
  featureMaps,
  featureMapsReference,
  sharpness,
} from "@/lib/labs/conv-darkroom/convolve";
import { checkerboard, faceSilhouette, type GreyImage, stepEdge } from "@/lib/labs/conv-darkroom/images";
import { KERNEL_PRESETS, type KernelPreset, kernelSum } from "@/lib/labs/conv-darkroom/kernels";

import { testTf, type Tf } from "../labs/tf-backend";

let tf: Tf;
beforeAll(async () => {
  tf = await testTf();
});

const N = 16;
const at = (image: GreyImage, y: number, x: number) => image.pixels[y * image.size + x] as number;
const apply = (preset: KernelPreset, image: GreyImage) => convolveReference(image, { kernel: KERNEL_PRESETS[preset], relu: false });
/** A horizontal ramp: brightness rises by 1/N per column. */
const ramp: GreyImage = { size: N, pixels: Float32Array.from({ length: N * N }, (_, i) => (i % N) / N) };

describe("TensorFlow.js convolution matches the plain reference", () => {
  test.each(DARKROOM_KERNELS.map((k) => [k]))("%s, three layers with ReLU and without", async (preset) => {
    const image = faceSilhouette(32);
    for (const relu of [false, true]) {
      const layers: ConvLayer[] = Array.from({ length: 3 }, () => ({ kernel: KERNEL_PRESETS[preset], relu }));
      const before = tf.memory().numTensors;
      const maps = await featureMaps(tf, image, layers);
      expect(tf.memory().numTensors).toBe(before);
      const reference = featureMapsReference(image, layers);
      expect(maps).toHaveLength(3);
      maps.forEach((map, l) => {
        const ref = reference[l] as GreyImage;
        const scale = Math.max(1, ...Array.from(ref.pixels, Math.abs));
        map.pixels.forEach((v, i) => expect(Math.abs(v - (ref.pixels[i] as number))).toBeLessThan(1e-5 * scale));
      });
    }
  });

  test("a custom kernel and an empty stack", async () => {
    const image = checkerboard(16, 4);
    const layer: ConvLayer = { kernel: [0.5, -1, 0, 2, 0.25, -3, 0, 1, 1], relu: false };
    const [map] = await featureMaps(tf, image, [layer]);
    expect(Array.from(map?.pixels ?? [])).toEqual(Array.from(convolveReference(image, layer).pixels).map((v) => expect.closeTo(v, 5)));
    await expect(featureMaps(tf, image, [])).resolves.toEqual([]);
  });
});

describe("presets give their known responses on synthetic edges", () => {
  const vertical = stepEdge("vertical", N); // dark left half, bright right half
  const horizontal = stepEdge("horizontal", N); // dark top half, bright bottom half

  test("Sobel x: 4 along a vertical edge, 0 on flat regions and on horizontal edges", () => {
    const v = apply("sobel-x", vertical);
    for (let y = 0; y < N; y++) {
      for (let x = 0; x < N; x++) expect(at(v, y, x)).toBe(x === N / 2 - 1 || x === N / 2 ? 4 : 0);
    }
    expect(apply("sobel-x", horizontal).pixels.every((p) => p === 0)).toBe(true);
  });

  test("Sobel y is Sobel x turned: it finds horizontal edges and ignores vertical ones", () => {
    const h = apply("sobel-y", horizontal);
    expect(at(h, N / 2, 3)).toBe(4);
    expect(at(h, N / 2 - 1, 3)).toBe(4);
    expect(at(h, 2, 3)).toBe(0);
    expect(apply("sobel-y", vertical).pixels.every((p) => p === 0)).toBe(true);
    // Dark-to-bright from left to right is positive; the mirror image is negative.
    const mirrored: GreyImage = { size: N, pixels: Float32Array.from(vertical.pixels, (p) => 1 - p) };
    expect(at(apply("sobel-x", mirrored), 4, N / 2)).toBe(-4);
  });

  test("the Laplacian is 0 on flat regions and on a linear ramp, and +-1 on both sides of a step", () => {
    const v = apply("laplacian", vertical);
    expect(at(v, 5, N / 2 - 1)).toBe(1);
    expect(at(v, 5, N / 2)).toBe(-1);
    expect(at(v, 5, 2)).toBe(0);
    expect(at(v, 5, N - 3)).toBe(0);
    // Away from the padded border, a ramp's second difference is 0.
    const r = apply("laplacian", ramp);
    for (let x = 1; x < N - 1; x++) expect(at(r, 5, x)).toBeCloseTo(0, 6);
  });

  test("kernels summing to 1 keep flat regions; blurs smear the step, sharpen overshoots it", () => {
    for (const preset of ["identity", "box-blur", "gaussian-blur", "sharpen", "emboss"] as const) {
      expect(kernelSum(KERNEL_PRESETS[preset])).toBeCloseTo(1, 12);
      const out = apply(preset, vertical);
      expect(at(out, 5, 2)).toBeCloseTo(0, 6);
      expect(at(out, 5, N - 3)).toBeCloseTo(1, 6);
    }
    for (const preset of ["sobel-x", "sobel-y", "laplacian"] as const) expect(kernelSum(KERNEL_PRESETS[preset])).toBe(0);
    expect(Array.from(apply("identity", vertical).pixels)).toEqual(Array.from(vertical.pixels));
    const box = apply("box-blur", vertical);
    expect(at(box, 5, N / 2 - 1)).toBeCloseTo(1 / 3, 6);
    expect(at(box, 5, N / 2)).toBeCloseTo(2 / 3, 6);
    const sharp = apply("sharpen", vertical);
    expect(at(sharp, 5, N / 2 - 1)).toBe(-1);
    expect(at(sharp, 5, N / 2)).toBe(2);
  });

  test("only Sobel x responds to vertical edges and not at all to horizontal ones", () => {
    const selectivity = Object.fromEntries(DARKROOM_KERNELS.map((k) => [k, edgeSelectivity(KERNEL_PRESETS[k])]));
    expect(selectivity["sobel-x"]).toBe(1);
    expect(selectivity["sobel-y"]).toBe(-1);
    for (const k of ["identity", "box-blur", "gaussian-blur", "sharpen", "laplacian", "emboss"]) {
      expect(selectivity[k]).toBeCloseTo(0, 12);
    }
  });

  test("ReLU removes the negative half of an edge response", () => {
    const mirrored: GreyImage = { size: N, pixels: Float32Array.from(vertical.pixels, (p) => 1 - p) };
    const out = convolveReference(mirrored, { kernel: KERNEL_PRESETS["sobel-x"], relu: true });
    expect(out.pixels.every((p) => p === 0)).toBe(true);
  });
});

describe("stacking", () => {
  test("stacked blurs blur more, stacked sharpening sharpens more", () => {
    const face = faceSilhouette();
    const layers = (preset: KernelPreset) => Array.from({ length: 4 }, () => ({ kernel: KERNEL_PRESETS[preset], relu: false }));
    const blur = featureMapsReference(face, layers("box-blur")).map(sharpness);
    const sharp = featureMapsReference(face, layers("sharpen")).map(sharpness);
    const base = sharpness(face);
    for (let l = 0; l < 4; l++) {
      expect(blur[l]).toBeLessThan(l === 0 ? base : (blur[l - 1] as number));
      expect(sharp[l]).toBeGreaterThan(l === 0 ? base : (sharp[l - 1] as number));
    }
    expect(sharpness({ size: 4, pixels: new Float32Array(16).fill(0.3) })).toBe(0);
  });
});
