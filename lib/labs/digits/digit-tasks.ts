/**
 * The two related digit tasks of the transfer-learning lab, and how the digits are split. Plain data, no
 * TensorFlow.js and no Node APIs, so the browser, the worker and the training script share one definition.
 *
 * Pretraining task: classify handwritten 0, 1, 2, 3, 4. Target task: classify 5, 6, 7, 8, 9. The two share
 * everything a small convolutional network learns in its lower layers (pen strokes, edges, curves, loops,
 * line endings at 28 x 28) and nothing in their labels, so the pretrained output layer is useless for the
 * target task and has to be replaced: exactly the situation "frozen base + new head" and "fine-tune" are
 * for. It is also the classic published form of this demonstration (the Keras MNIST transfer example trains
 * on 0-4 and transfers to 5-9), and it needs no data beyond the digits the `mnist` package ships.
 */

/** Images are IMAGE_SIZE x IMAGE_SIZE grey levels in [0, 1], row-major, top row first. */
export const IMAGE_SIZE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;

/** Digits of the pretraining task; class index i is digit PRETRAIN_DIGITS[i]. */
export const PRETRAIN_DIGITS = [0, 1, 2, 3, 4] as const;
/** Digits of the target task; class index i is digit TARGET_DIGITS[i]. */
export const TARGET_DIGITS = [5, 6, 7, 8, 9] as const;
/** All ten digits (the 10-class model's classes). */
export const ALL_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/**
 * Images of each digit held out from all pretraining. They are what the app ships as its digit samples
 * (`content/models/digit-samples`): the pretrained models are scored on them, and the target task draws
 * its labelled examples and its held-out set from them.
 */
export const HELD_OUT_PER_DIGIT = 150;

/**
 * Of each target digit's held-out images, the first TRANSFER_POOL_PER_CLASS form the pool the lab draws
 * its labelled examples from (seeded); the transfer lab scores every model on all the others (at least
 * TRANSFER_TEST_PER_CLASS per digit; the pool images not drawn are held out too). The pool is larger than the most examples per class a learner can ask for (50), so
 * the seed still matters at the top of the range.
 */
export const TRANSFER_POOL_PER_CLASS = 90;
export const TRANSFER_TEST_PER_CLASS = HELD_OUT_PER_DIGIT - TRANSFER_POOL_PER_CLASS;

/** Labelled images: `images` holds `count` images of PIXELS_PER_IMAGE values; `labels` their class index. */
export interface DigitSet {
  readonly count: number;
  readonly images: Float32Array;
  readonly labels: Int32Array;
  /** Class index -> digit. */
  readonly digits: readonly number[];
}

/**
 * Which of a digit's `count` images (in the package's order) are held out: HELD_OUT_PER_DIGIT indices
 * spread evenly over the whole list, index floor(k x count / HELD_OUT_PER_DIGIT) for k = 0, 1, ...
 * Spreading them (rather than taking the first ones) matters: MNIST's test images come in two halves
 * written by different groups of people, the first half cleaner than the second.
 */
export function heldOutIndices(count: number): Int32Array {
  if (!Number.isInteger(count) || count < HELD_OUT_PER_DIGIT) {
    throw new RangeError(`a digit needs at least ${HELD_OUT_PER_DIGIT} images, got ${count}`);
  }
  const indices = new Int32Array(HELD_OUT_PER_DIGIT);
  for (let k = 0; k < HELD_OUT_PER_DIGIT; k++) indices[k] = Math.floor((k * count) / HELD_OUT_PER_DIGIT);
  return indices;
}

/** The share of `predicted` equal to `labels` (0 for no labels). */
export function accuracyOf(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) throw new RangeError("predictions and labels differ in length");
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return labels.length === 0 ? 0 : right / labels.length;
}

/** A `classes` x `classes` confusion matrix: entry [true][predicted] counts images. */
export function confusionMatrix(predicted: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number[][] {
  if (predicted.length !== labels.length) throw new RangeError("predictions and labels differ in length");
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = matrix[labels[i] as number];
    const col = predicted[i] as number;
    if (!row || col < 0 || col >= classes) throw new RangeError(`class index out of range at image ${i}`);
    row[col] = (row[col] ?? 0) + 1;
  }
  return matrix;
}
