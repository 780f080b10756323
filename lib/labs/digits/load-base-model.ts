/**
 * Builds a shipped digits CNN from its files without any network access: the caller supplies the parsed
 * `model.json` and the bytes of `weights.bin` (fetched from the app in the browser, read from
 * `content/models/<name>/` in Node).
 */
import type * as TF from "@tensorflow/tfjs";

import type { Tf } from "../tf";
import { DigitsCnn, type DigitsCnnValues, imagesTensor } from "./digits-cnn";
import { decodeDigitsCnn } from "./model-file";

/** The shipped models, by folder under `content/models/`. */
export const BASE_MODELS = {
  /** Pretrained on digits 0-4: the transfer-learning lab's base. */
  pretrain: "digits-cnn",
  /** Trained on all ten digits: the classifier the Conv Darkroom occludes. */
  allDigits: "digits10-cnn",
} as const;

/** A model's two files: `model.json` (parsed) and `weights.bin` (raw bytes). */
export interface ModelFiles {
  readonly manifest: unknown;
  readonly weights: ArrayBuffer | Uint8Array;
}

/** Decodes a model's files into plain values (no tensors), e.g. to hand to an experiment or a worker. */
export function readBaseModel(files: ModelFiles): DigitsCnnValues {
  return decodeDigitsCnn(files.manifest, files.weights);
}

/** Decodes a model's files and uploads its weights as variables. The caller disposes the model. */
export function loadBaseModel(tf: Tf, files: ModelFiles): DigitsCnn {
  return new DigitsCnn(tf, readBaseModel(files));
}

/** Class probabilities and the most probable digit of each image. */
export interface DigitPredictions {
  /** [count x classes] softmax probabilities, row-major. */
  readonly probabilities: Float32Array;
  /** The digit (not the class index) each image is taken for. */
  readonly digits: Int32Array;
}

/**
 * Classifies `count` images (PIXELS_PER_IMAGE grey levels in [0, 1] each, row-major) with a model, e.g.
 * one image and its occluded copies.
 */
export async function predictDigits(
  tf: Tf,
  model: DigitsCnn,
  images: Float32Array,
  count: number,
): Promise<DigitPredictions> {
  const probs: TF.Tensor2D = tf.tidy(() => {
    const x = imagesTensor(tf, images, count);
    return tf.softmax(model.logits(x));
  });
  try {
    const probabilities = await probs.data<"float32">();
    const classes = model.architecture.classes;
    const digits = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      let best = 0;
      for (let c = 1; c < classes; c++) {
        if ((probabilities[i * classes + c] as number) > (probabilities[i * classes + best] as number)) best = c;
      }
      digits[i] = model.digits[best] as number;
    }
    return { probabilities, digits };
  } finally {
    probs.dispose();
  }
}
