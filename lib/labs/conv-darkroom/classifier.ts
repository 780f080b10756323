/**
 * The occlusion lab's classifier: the shipped ten-digit CNN (`content/models/digits10-cnn`, see
 * lib/labs/transfer) read at 28x28. Darkroom images are 64x64, so each is shrunk by area averaging first,
 * the way the 28x28 digits were enlarged.
 */
import type { Tf } from "../tf";
import type { DigitsCnn } from "../digits/digits-cnn";
import { predictDigits } from "../digits/load-base-model";
import { type GreyImage, resample } from "./images";
import type { ClassifyFn } from "./occlusion";

export const CLASSIFIER_SIZE = 28;

/** A darkroom image as the classifier's 28x28 input. */
export function classifierInput(image: GreyImage): Float32Array {
  return image.size === CLASSIFIER_SIZE ? image.pixels : resample(image, CLASSIFIER_SIZE).pixels;
}

/**
 * A `ClassifyFn` over a loaded ten-digit model: probabilities indexed by digit (0-9), whatever order the
 * model's classes are in. Throws when the model does not name all ten digits.
 */
export function digitClassifier(tf: Tf, model: DigitsCnn): ClassifyFn {
  const digits = model.digits;
  if (digits.length !== 10 || [...digits].sort((a, b) => a - b).some((d, i) => d !== i)) {
    throw new Error("the occlusion lab needs a classifier of all ten digits");
  }
  return async (images) => {
    if (images.length === 0) return [];
    const input = new Float32Array(images.length * CLASSIFIER_SIZE * CLASSIFIER_SIZE);
    images.forEach((image, i) => input.set(classifierInput(image), i * CLASSIFIER_SIZE * CLASSIFIER_SIZE));
    const { probabilities } = await predictDigits(tf, model, input, images.length);
    return images.map((_, i) => {
      const byDigit = new Float32Array(10);
      digits.forEach((digit, c) => {
        byDigit[digit] = probabilities[i * 10 + c] as number;
      });
      return byDigit;
    });
  };
}

/**
 * Probabilities by digit (0-9) for `count` 28x28 images in one array (grey levels in [0, 1]), from a loaded
 * ten-digit model.
 */
export async function digitProbabilities(tf: Tf, model: DigitsCnn, images: Float32Array, count: number): Promise<Float32Array[]> {
  const pixels = CLASSIFIER_SIZE * CLASSIFIER_SIZE;
  const classify = digitClassifier(tf, model);
  return classify(Array.from({ length: count }, (_, i) => ({ size: CLASSIFIER_SIZE, pixels: images.subarray(i * pixels, (i + 1) * pixels) })));
}
