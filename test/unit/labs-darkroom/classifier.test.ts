import { readFileSync } from "node:fs";
import { join } from "node:path";

import { beforeAll, describe, expect, test } from "vitest";

import { classifierInput, digitClassifier } from "@/lib/labs/conv-darkroom/classifier";
import { digitImage, type GreyImage } from "@/lib/labs/conv-darkroom/images";
import { inkVersusBackground, occlusionScan } from "@/lib/labs/conv-darkroom/occlusion";
import { digitSet, readMnistSplits } from "@/lib/labs/train/digits";
import { DigitsCnn } from "@/lib/labs/digits/digits-cnn";
import { ALL_DIGITS, PIXELS_PER_IMAGE } from "@/lib/labs/digits/digit-tasks";
import { BASE_MODELS, readBaseModel } from "@/lib/labs/digits/load-base-model";
import { MODEL_FILE, WEIGHTS_FILE } from "@/lib/labs/digits/model-file";

import { testTf, type Tf } from "../labs/tf-backend";

let tf: Tf;
let model: DigitsCnn;
/** Two held-out images of every digit, enlarged to the darkroom's 64x64, with their labels. */
const pictures: { digit: number; image: GreyImage }[] = [];

beforeAll(async () => {
  tf = await testTf();
  const dir = join(process.cwd(), "content", "models", BASE_MODELS.allDigits);
  model = new DigitsCnn(
    tf,
    readBaseModel({ manifest: JSON.parse(readFileSync(join(dir, MODEL_FILE), "utf8")), weights: readFileSync(join(dir, WEIGHTS_FILE)) }),
  );
  const set = digitSet(readMnistSplits(), ALL_DIGITS, "heldOut");
  const perDigit = set.count / ALL_DIGITS.length;
  for (const digit of ALL_DIGITS) {
    for (const k of [0, 1]) {
      const start = (digit * perDigit + k) * PIXELS_PER_IMAGE;
      pictures.push({ digit, image: digitImage(set.images.slice(start, start + PIXELS_PER_IMAGE)) });
    }
  }
  return () => model.dispose();
});

describe("the occlusion classifier on darkroom pictures", () => {
  test("reads enlarged held-out digits correctly", async () => {
    const classify = digitClassifier(tf, model);
    const probs = await classify(pictures.map((p) => p.image));
    const right = probs.filter((p, i) => p.indexOf(Math.max(...p)) === pictures[i]?.digit).length;
    expect(right).toBeGreaterThanOrEqual(18);
    expect(classifierInput(pictures[0]?.image as GreyImage)).toHaveLength(784);
  });

  test("covering the strokes drops the true digit more than covering the background", async () => {
    const classify = digitClassifier(tf, model);
    let inkWins = 0;
    let inkSum = 0;
    let backgroundSum = 0;
    for (const { digit, image } of pictures) {
      const scan = await occlusionScan(classify, image, digit);
      const { ink, background } = inkVersusBackground(scan, image);
      expect(ink).not.toBeNull();
      expect(background).not.toBeNull();
      inkSum += ink as number;
      backgroundSum += background as number;
      if ((ink as number) > (background as number)) inkWins++;
    }
    expect(inkWins).toBeGreaterThanOrEqual(pictures.length - 2);
    expect(inkSum / pictures.length).toBeGreaterThan(backgroundSum / pictures.length + 0.05);
  });
});
