import { describe, expect, it } from "vitest";

import { ALL_DIGITS, HELD_OUT_PER_DIGIT, heldOutIndices, PIXELS_PER_IMAGE } from "@/lib/labs/digits/digit-tasks";
import { sampleImage } from "@/lib/labs/digits/digit-samples";
import { digitSet, readMnistDigit, readMnistSplits, splitDigit } from "@/lib/labs/train/digits";
import { readShippedSamples } from "./shipped";

describe("held-out split", () => {
  it("holds out evenly spread, distinct, increasing indices", () => {
    const indices = heldOutIndices(1001);
    expect(indices.length).toBe(HELD_OUT_PER_DIGIT);
    expect(indices[0]).toBe(0);
    for (let k = 1; k < indices.length; k++) {
      const gap = (indices[k] as number) - (indices[k - 1] as number);
      expect(gap === 6 || gap === 7).toBe(true); // 1001 / 150 = 6.67
    }
    expect(indices[indices.length - 1]).toBeGreaterThan(1001 - 1001 / HELD_OUT_PER_DIGIT - 1);
    expect(() => heldOutIndices(HELD_OUT_PER_DIGIT - 1)).toThrow(RangeError);
  });

  it("splits a digit into disjoint held-out and training images that together are all of them", () => {
    const images = readMnistDigit(5);
    const { train, heldOut } = splitDigit(images);
    expect(heldOut.length / PIXELS_PER_IMAGE).toBe(HELD_OUT_PER_DIGIT);
    expect((train.length + heldOut.length) / PIXELS_PER_IMAGE).toBe(images.count);
    const key = (pixels: Uint8Array, i: number) => pixels.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE).join(",");
    const all = new Map<string, number>();
    for (let i = 0; i < images.count; i++) all.set(key(images.pixels, i), (all.get(key(images.pixels, i)) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const part of [train, heldOut]) {
      for (let i = 0; i < part.length / PIXELS_PER_IMAGE; i++) seen.set(key(part, i), (seen.get(key(part, i)) ?? 0) + 1);
    }
    expect(seen).toEqual(all);
  });

  it("labels a set by class index, digit by digit, with grey levels in [0, 1]", () => {
    const splits = readMnistSplits();
    const set = digitSet(splits, [7, 2], "heldOut");
    expect(set.count).toBe(2 * HELD_OUT_PER_DIGIT);
    expect(set.digits).toEqual([7, 2]);
    expect(set.labels[0]).toBe(0);
    expect(set.labels[set.count - 1]).toBe(1);
    let low = 1;
    let high = 0;
    for (const v of set.images) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    expect(low).toBe(0);
    expect(high).toBe(1);
    const total = ALL_DIGITS.reduce<number>((sum, d) => {
      const split = splits.get(d);
      return sum + ((split?.train.length ?? 0) + (split?.heldOut.length ?? 0)) / PIXELS_PER_IMAGE;
    }, 0);
    expect(total).toBe(10000);
  });

  it("ships exactly the held-out images of every digit", async () => {
    const samples = await readShippedSamples();
    const splits = readMnistSplits();
    expect(samples.digits).toEqual([...ALL_DIGITS]);
    expect(samples.perDigit).toBe(HELD_OUT_PER_DIGIT);
    for (const digit of ALL_DIGITS) {
      const heldOut = splits.get(digit)?.heldOut;
      const start = ALL_DIGITS.indexOf(digit) * HELD_OUT_PER_DIGIT * PIXELS_PER_IMAGE;
      expect(samples.pixels.subarray(start, start + HELD_OUT_PER_DIGIT * PIXELS_PER_IMAGE)).toEqual(heldOut);
    }
    const image = sampleImage(samples, 3, 10);
    expect(image.length).toBe(PIXELS_PER_IMAGE);
    expect(() => sampleImage(samples, 3, HELD_OUT_PER_DIGIT)).toThrow(RangeError);
  });
});
