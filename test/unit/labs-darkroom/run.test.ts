import { beforeAll, describe, expect, test } from "vitest";

import { checkerboard, faceSilhouette, type GreyImage, blankImage } from "@/lib/labs/conv-darkroom/images";
import { KERNEL_PRESETS } from "@/lib/labs/conv-darkroom/kernels";
import type { ClassifyFn } from "@/lib/labs/conv-darkroom/occlusion";
import { runDarkroom } from "@/lib/labs/conv-darkroom/run";
import { darkroomSummarySchema } from "@/lib/labs/conv-darkroom/summary";
import { gradePredictions } from "@/lib/labs/predictions";

import { testTf, type Tf } from "../labs/tf-backend";

let tf: Tf;
beforeAll(async () => {
  tf = await testTf();
});

/** Sees digit 7 in proportion to the brightness of the top quarter of the picture. */
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

describe("a darkroom run", () => {
  test("measures a summary the server accepts, and grades the darkroom's predictions from it", async () => {
    const run = await runDarkroom(tf, topBarClassifier, {
      image: barImage(),
      imageKind: "drawing",
      kernel: KERNEL_PRESETS["box-blur"],
      layers: 4,
      relu: false,
      trueDigit: null,
      sample: null,
    });
    expect(run.maps).toHaveLength(4);
    const summary = darkroomSummarySchema.parse(run.summary);
    expect(summary.steps).toBe(14 * 14);
    expect(summary.kernel).toBe("box-blur");
    // The tracked digit is the classifier's first choice when the picture has no label.
    expect(summary.occlusion.trueDigit).toBe(7);

    // The bar's edge is spread over every block column, so the four blurs are measured well beyond the margin.
    expect(summary.sharpnessSpread).toBeGreaterThan(0);
    expect(Math.abs(Math.log((summary.lastSharpness as number) / (summary.imageSharpness as number)))).toBeGreaterThan(
      3 * (summary.sharpnessSpread as number),
    );
    // Covering the bar removes the classifier's evidence for 7; covering the black rows below it removes none.
    expect(summary.occlusion.background).toBe(0);
    expect(summary.occlusion.strokes).toBeGreaterThan(1);

    const settings = { image: "digit", kernel: "box-blur", layers: 4 };
    const grade = (answers: Record<string, unknown>) => gradePredictions("conv-darkroom", summary, settings, answers);
    const right = grade({
      "darkroom-vertical-edge-kernel": "sobel-x",
      "darkroom-stack-sharpness": "blurrier",
      "darkroom-occlusion-region": "strokes",
    });
    expect(right.ok && right.graded.map((g) => g.verdict)).toEqual(["confirmed", "confirmed", "confirmed"]);
    const wrong = grade({
      "darkroom-vertical-edge-kernel": "laplacian",
      "darkroom-stack-sharpness": "sharper",
      "darkroom-occlusion-region": "background",
    });
    expect(wrong.ok && wrong.graded.map((g) => g.verdict)).toEqual(["refuted", "refuted", "refuted"]);
    expect(grade({ "darkroom-vertical-edge-kernel": "blur" }).ok).toBe(false);
    // The face is no digit: its occlusion grades nothing. One blur layer is neither linked card's fact.
    const face = gradePredictions("conv-darkroom", summary, { image: "face", kernel: "box-blur", layers: 1 }, {
      "darkroom-stack-sharpness": "blurrier",
      "darkroom-occlusion-region": "strokes",
    });
    expect(face.ok && face.graded.map((g) => g.verdict)).toEqual(["ungraded", "ungraded"]);
  });

  test("a custom kernel is reported as custom; an edge kernel reads as sharper, a multiple of the picture as exactly as sharp", async () => {
    const settings = { image: "face", kernel: "laplacian", layers: 1 };
    const edges = await runDarkroom(tf, topBarClassifier, {
      image: faceSilhouette(),
      imageKind: "face",
      kernel: KERNEL_PRESETS.laplacian,
      layers: 1,
      relu: false,
      trueDigit: 7,
      sample: null,
    });
    const graded = gradePredictions("conv-darkroom", edges.summary, settings, { "darkroom-stack-sharpness": "sharper" });
    expect(graded.ok && graded.graded[0]?.verdict).toBe("confirmed");
    const custom = await runDarkroom(tf, topBarClassifier, {
      image: checkerboard(),
      imageKind: "checkerboard",
      kernel: [0, 0, 0, 0, 2, 0, 0, 0, 0],
      layers: 1,
      relu: true,
      trueDigit: 7,
      sample: null,
    });
    expect(custom.summary.kernel).toBe("custom");
    // Doubling every pixel changes contrast, not sharpness.
    const same = gradePredictions("conv-darkroom", custom.summary, {}, { "darkroom-stack-sharpness": "same" });
    expect(same.ok && same.graded[0]?.verdict).toBe("confirmed");
  });
});
