/**
 * Supervised pretraining of a digits CNN in Node (used by the training script): Adam on softmax
 * cross-entropy, minibatches dealt out by a seeded shuffle, optional random affine augmentation (drawn
 * from a seeded generator too, so a run is repeatable).
 */
import * as tf from "@tensorflow/tfjs";

import { makeBatchSampler, makeRng, type Rng } from "../data";
import { type DigitSet, IMAGE_SIZE } from "../digits/digit-tasks";
import {
  crossEntropy,
  type DigitsCnnArchitecture,
  DigitsCnn,
  type DigitsCnnValues,
  evaluate,
  imagesTensor,
  initAllParams,
} from "../digits/digits-cnn";

/** Random affine distortions applied to each training image, drawn afresh every time it is used. */
export interface Augmentation {
  /** Largest shift, in pixels, along each axis. */
  readonly shift: number;
  /** Largest rotation, in degrees, either way. */
  readonly rotateDegrees: number;
  /** Largest relative change of size, either way (0.1 = 90% to 110%). */
  readonly scale: number;
}

/** One model to pretrain. */
export interface PretrainPlan {
  readonly layers: Omit<DigitsCnnArchitecture, "classes">;
  readonly digits: readonly number[];
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly augmentation: Augmentation | null;
}

/**
 * Per-image rows [a0, a1, a2, b0, b1, b2, 0, 0] for `tf.image.transform`, which samples output pixel
 * (x, y) from input point (a0 x + a1 y + a2, b0 x + b1 y + b2): the inverse of a rotation by theta and a
 * scaling by s about the image centre, followed by a shift (tx, ty).
 */
export function augmentationTransforms(count: number, aug: Augmentation, rng: Rng): Float32Array {
  const rows = new Float32Array(count * 8);
  const c = (IMAGE_SIZE - 1) / 2;
  const uniform = (limit: number) => (2 * rng() - 1) * limit;
  for (let i = 0; i < count; i++) {
    const theta = (uniform(aug.rotateDegrees) * Math.PI) / 180;
    const s = 1 + uniform(aug.scale);
    const tx = uniform(aug.shift);
    const ty = uniform(aug.shift);
    const cos = Math.cos(theta) / s;
    const sin = Math.sin(theta) / s;
    // input = M (output - c - t) + c with M = R(-theta) / s.
    rows.set([cos, sin, c - cos * (c + tx) - sin * (c + ty), -sin, cos, c + sin * (c + tx) - cos * (c + ty), 0, 0], i * 8);
  }
  return rows;
}

function oneHot(set: DigitSet): tf.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(set.labels, "int32"), set.digits.length) as tf.Tensor2D);
}

/** The share of `predicted` equal to `labels`. */
export function accuracy(predicted: Int32Array, labels: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** Trains a fresh model on `train`, logging held-out loss and accuracy after each epoch. */
export async function pretrain(
  plan: PretrainPlan,
  train: DigitSet,
  heldOut: DigitSet,
  log: (line: string) => void = () => {},
): Promise<DigitsCnnValues> {
  const architecture = { ...plan.layers, classes: plan.digits.length };
  const model = new DigitsCnn(tf, {
    architecture,
    digits: plan.digits,
    params: initAllParams(architecture, makeRng(plan.seed, "init")),
  });
  const sampler = makeBatchSampler(train.count, makeRng(plan.seed, "batches"));
  const augmentRng = makeRng(plan.seed, "augmentation");
  const optimizer = tf.train.adam(plan.learningRate);
  const trainX = imagesTensor(tf, train.images, train.count);
  const trainY = oneHot(train);
  const heldX = imagesTensor(tf, heldOut.images, heldOut.count);
  const heldY = oneHot(heldOut);
  const variables = model.variables();
  try {
    for (let epoch = 1; epoch <= plan.epochs; epoch++) {
      const started = performance.now();
      for (let done = 0; done < train.count; done += plan.batchSize) {
        const size = Math.min(plan.batchSize, train.count - done);
        const batch = sampler.next(size);
        const transforms = plan.augmentation ? augmentationTransforms(size, plan.augmentation, augmentRng) : null;
        tf.tidy(() => {
          const index = tf.tensor1d(batch, "int32");
          let xb = tf.gather(trainX, index) as tf.Tensor4D;
          if (transforms) xb = tf.image.transform(xb, tf.tensor2d(transforms, [size, 8]), "bilinear");
          const yb = tf.gather(trainY, index) as tf.Tensor2D;
          optimizer.minimize(() => crossEntropy(tf, model.logits(xb), yb), false, variables);
        });
      }
      const held = await evaluate(tf, (x) => model.logits(x as tf.Tensor4D), heldX, heldY);
      log(
        `  epoch ${epoch}/${plan.epochs}: held-out loss ${held.loss.toFixed(4)}, accuracy ` +
          `${(accuracy(held.predicted, heldOut.labels) * 100).toFixed(2)}% (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
    return await model.read();
  } finally {
    for (const t of [trainX, trainY, heldX, heldY]) t.dispose();
    optimizer.dispose();
    model.dispose();
  }
}

/** Held-out accuracy of a model given as values. */
export async function heldOutAccuracy(values: DigitsCnnValues, heldOut: DigitSet): Promise<number> {
  const model = new DigitsCnn(tf, values);
  const x = imagesTensor(tf, heldOut.images, heldOut.count);
  const y = oneHot(heldOut);
  try {
    const { predicted } = await evaluate(tf, (xs) => model.logits(xs as tf.Tensor4D), x, y);
    return accuracy(predicted, heldOut.labels);
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}
