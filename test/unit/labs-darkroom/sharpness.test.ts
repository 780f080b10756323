import { describe, expect, test } from "vitest";

import { convolveReference, featureMapsReference } from "@/lib/labs/conv-darkroom/convolve";
import { blankImage, digitImage, paintStroke } from "@/lib/labs/conv-darkroom/images";
import { KERNEL_PRESETS } from "@/lib/labs/conv-darkroom/kernels";
import { compareSharpness } from "@/lib/labs/conv-darkroom/sharpness";
import { sampleImage } from "@/lib/labs/digits/digit-samples";
import { nodeLabAssets } from "@/lib/labs/node-assets";

function stroke() {
  const image = blankImage(64);
  paintStroke(image, { x: 20, y: 10 }, { x: 44, y: 54 }, 3);
  return image;
}

describe("comparing a map's sharpness with its picture's", () => {
  test("the identity map is exactly as sharp, with no spread", () => {
    const picture = stroke();
    const same = convolveReference(picture, { kernel: KERNEL_PRESETS.identity, relu: false });
    expect(compareSharpness(picture, same)).toEqual({ logRatio: 0, standardError: 0 });
  });

  test("the log ratio matches the whole-image sharpness ratio, and the spread is positive for a real stroke", () => {
    const picture = stroke();
    const blurred = convolveReference(picture, { kernel: KERNEL_PRESETS["box-blur"], relu: false });
    const { logRatio, standardError } = compareSharpness(picture, blurred);
    expect(logRatio).toBeLessThan(0);
    expect(standardError).toBeGreaterThan(0);
    expect(standardError).toBeLessThan(Math.abs(logRatio) / 3);
  });

  test("one box blur of every one of 200 shipped digits is blurrier by more than 3 jackknife standard errors", async () => {
    const samples = await nodeLabAssets().digitSamples();
    let decided = 0;
    for (let digit = 0; digit < 10; digit++) {
      for (let index = 0; index < 20; index++) {
        const picture = digitImage(sampleImage(samples, digit, index));
        const [blurred] = featureMapsReference(picture, [{ kernel: KERNEL_PRESETS["box-blur"], relu: false }]);
        const { logRatio, standardError } = compareSharpness(picture, blurred as typeof picture);
        if (logRatio < -3 * standardError) decided++;
      }
    }
    expect(decided).toBe(200);
  });
});
