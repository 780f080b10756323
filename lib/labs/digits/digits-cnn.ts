/**
 * The small LeNet-style digit classifier the pretrained models and the transfer-learning lab use:
 *
 *   28x28x1 -> conv 3x3, 8 filters, ReLU -> max-pool 2 -> conv 3x3, 16 filters, ReLU -> max-pool 2
 *           -> flatten (5x5x16 = 400) -> dense 64, ReLU ("features") -> dense K (logits)
 *
 * Its "base" is everything up to the 64 features; its "head" is the last dense layer. Weights are plain
 * Float32Arrays outside TensorFlow.js (`DigitsCnnParams`) and variables inside (`DigitsCnn`).
 */
import type * as TF from "@tensorflow/tfjs";

import { gaussian, type Rng } from "../data";
import type { Tf } from "../tf";
import { IMAGE_SIZE } from "./digit-tasks";

/** The layer sizes of a digits CNN; `classes` is the width of the head. */
export interface DigitsCnnArchitecture {
  readonly kernelSize: number;
  readonly conv1Filters: number;
  readonly conv2Filters: number;
  readonly hidden: number;
  readonly classes: number;
}

/** The sizes every shipped model uses; add `classes`. */
export const DIGITS_CNN_LAYERS = { kernelSize: 3, conv1Filters: 8, conv2Filters: 16, hidden: 64 } as const;

export const PARAM_NAMES = [
  "conv1/kernel",
  "conv1/bias",
  "conv2/kernel",
  "conv2/bias",
  "dense1/kernel",
  "dense1/bias",
  "output/kernel",
  "output/bias",
] as const;
export type ParamName = (typeof PARAM_NAMES)[number];
/** The parameters of the two convolutional layers (the part the transfer-learning lab carries over). */
export const CONV_PARAM_NAMES = ["conv1/kernel", "conv1/bias", "conv2/kernel", "conv2/bias"] as const;
export type ConvParamName = (typeof CONV_PARAM_NAMES)[number];

/** Every parameter's values, by name. */
export type DigitsCnnParams = Record<ParamName, Float32Array>;

/** A model outside TensorFlow.js: its architecture, its classes (class index -> digit) and its weights. */
export interface DigitsCnnValues {
  readonly architecture: DigitsCnnArchitecture;
  readonly digits: readonly number[];
  readonly params: DigitsCnnParams;
}

/** Side of the square feature map after a "valid" convolution and a 2x2 max-pool. */
function convPoolSide(side: number, kernelSize: number): number {
  return Math.floor((side - kernelSize + 1) / 2);
}

/** Length of the flattened feature map that feeds the hidden dense layer (400 for the shipped sizes). */
export function flattenedSize(arch: DigitsCnnArchitecture): number {
  const side = convPoolSide(convPoolSide(IMAGE_SIZE, arch.kernelSize), arch.kernelSize);
  if (side < 1) throw new RangeError("the kernels are too large for 28x28 images");
  return side * side * arch.conv2Filters;
}

/** Each parameter's shape (kernels HWIO for convolutions, [in, out] for dense layers). */
export function paramShapes(arch: DigitsCnnArchitecture): Record<ParamName, number[]> {
  const k = arch.kernelSize;
  return {
    "conv1/kernel": [k, k, 1, arch.conv1Filters],
    "conv1/bias": [arch.conv1Filters],
    "conv2/kernel": [k, k, arch.conv1Filters, arch.conv2Filters],
    "conv2/bias": [arch.conv2Filters],
    "dense1/kernel": [flattenedSize(arch), arch.hidden],
    "dense1/bias": [arch.hidden],
    "output/kernel": [arch.hidden, arch.classes],
    "output/bias": [arch.classes],
  };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Fresh weights for the named parameters, drawn from `rng`: He-normal kernels (std sqrt(2 / fan-in), for
 * the ReLU layers), Glorot-normal for the output kernel (std sqrt(2 / (fan-in + fan-out))), zero biases.
 * Parameters are drawn in PARAM_NAMES order, so a head drawn alone differs from one drawn with a base.
 */
export function initParams(
  arch: DigitsCnnArchitecture,
  rng: Rng,
  names: readonly ParamName[] = PARAM_NAMES,
): Partial<DigitsCnnParams> {
  const shapes = paramShapes(arch);
  const out: Partial<DigitsCnnParams> = {};
  for (const name of PARAM_NAMES) {
    if (!names.includes(name)) continue;
    const shape = shapes[name];
    const values = new Float32Array(sizeOf(shape));
    if (name.endsWith("/kernel")) {
      const fanOut = shape[shape.length - 1] as number;
      const fanIn = values.length / fanOut;
      const std = name === "output/kernel" ? Math.sqrt(2 / (fanIn + fanOut)) : Math.sqrt(2 / fanIn);
      for (let i = 0; i < values.length; i++) values[i] = std * gaussian(rng);
    }
    out[name] = values;
  }
  return out;
}

/** All parameters drawn fresh (see `initParams`). */
export function initAllParams(arch: DigitsCnnArchitecture, rng: Rng): DigitsCnnParams {
  return completeParams(initParams(arch, rng));
}

/** Narrows a partial parameter record that has every entry. */
export function completeParams(partial: Partial<DigitsCnnParams>): DigitsCnnParams {
  for (const name of PARAM_NAMES) {
    if (!partial[name]) throw new Error(`missing parameter ${name}`);
  }
  return partial as DigitsCnnParams;
}

/**
 * A "valid", stride-1 2-D convolution whose gradients every backend can compute. The WebAssembly backend of
 * TensorFlow.js 4.22 has no Conv2DBackpropFilter kernel, so `tf.conv2d` cannot be trained there; this op
 * runs `tf.conv2d` forward and takes the kernel's gradient from the 3-D convolution's filter gradient (which
 * every backend has) on a depth-1 volume, the input's gradient from `tf.conv2dTranspose`. When
 * `inputGradient` is false the input's gradient is reported as zero (use it for layers fed by data).
 */
export function trainableConv2d(
  tf: Tf,
  x: TF.Tensor4D,
  kernel: TF.Tensor4D,
  inputGradient: boolean,
): TF.Tensor4D {
  const op = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const [input, filter, save] = args as [TF.Tensor4D, TF.Tensor4D, TF.GradSaveFunc];
    save([input, filter]);
    return {
      value: tf.conv2d(input, filter, 1, "valid"),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [xs, w] = saved as [TF.Tensor4D, TF.Tensor4D];
        const dy4 = dy as TF.Tensor4D;
        const [n, h, wd, c] = xs.shape;
        const [kh, kw, ci, co] = w.shape;
        const [, oh, ow] = dy4.shape;
        const dw = tf.engine().runKernel(
          "Conv3DBackpropFilterV2",
          { x: tf.reshape(xs, [n, 1, h, wd, c]), dy: tf.reshape(dy4, [n, 1, oh, ow, co]) },
          { strides: [1, 1, 1], pad: "valid", filterShape: [1, kh, kw, ci, co] },
        ) as TF.Tensor;
        const dx = inputGradient ? tf.conv2dTranspose(dy4, w, [n, h, wd, c], 1, "valid") : tf.zerosLike(xs);
        return [dx, tf.reshape(dw, w.shape)];
      },
    };
  });
  return op(x, kernel) as TF.Tensor4D;
}

/**
 * conv 3x3 + ReLU -> max-pool 2 -> conv 3x3 + ReLU -> max-pool 2 -> flatten, for `x` [n, 28, 28, 1].
 * Trainable on every backend (see `trainableConv2d`).
 */
export function convFeatures(
  tf: Tf,
  params: Readonly<Record<ConvParamName, TF.Tensor>>,
  x: TF.Tensor4D,
  arch: DigitsCnnArchitecture,
): TF.Tensor2D {
  return tf.tidy(() => {
    const c1 = tf.relu(tf.add(trainableConv2d(tf, x, params["conv1/kernel"] as TF.Tensor4D, false), params["conv1/bias"]));
    const p1 = tf.maxPool(c1 as TF.Tensor4D, 2, 2, "valid");
    const c2 = tf.relu(tf.add(trainableConv2d(tf, p1, params["conv2/kernel"] as TF.Tensor4D, true), params["conv2/bias"]));
    const p2 = tf.maxPool(c2 as TF.Tensor4D, 2, 2, "valid");
    return tf.reshape(p2, [x.shape[0], flattenedSize(arch)]);
  });
}

/** A digits CNN held as TensorFlow.js variables. Call `dispose` when done. */
export class DigitsCnn {
  readonly architecture: DigitsCnnArchitecture;
  readonly digits: readonly number[];
  readonly params: Readonly<Record<ParamName, TF.Variable>>;
  private readonly tf: Tf;

  constructor(tf: Tf, values: DigitsCnnValues) {
    this.tf = tf;
    this.architecture = values.architecture;
    this.digits = [...values.digits];
    const shapes = paramShapes(values.architecture);
    const params: Partial<Record<ParamName, TF.Variable>> = {};
    for (const name of PARAM_NAMES) {
      const shape = shapes[name];
      const data = values.params[name];
      if (data.length !== sizeOf(shape)) throw new RangeError(`${name} needs ${sizeOf(shape)} values, got ${data.length}`);
      params[name] = variableFrom(tf, data, shape);
    }
    this.params = params as Record<ParamName, TF.Variable>;
  }

  /** The variables of the named parameters, in PARAM_NAMES order. */
  variables(names: readonly ParamName[] = PARAM_NAMES): TF.Variable[] {
    return PARAM_NAMES.filter((name) => names.includes(name)).map((name) => this.params[name]);
  }

  /** The flattened output of the second conv-pool block (400 values per image); `x` is [n, 28, 28, 1]. */
  convFeatures(x: TF.Tensor4D): TF.Tensor2D {
    return convFeatures(this.tf, this.params, x, this.architecture);
  }

  /** The hidden dense layer's features (64 per image); `x` is [n, 28, 28, 1]. */
  features(x: TF.Tensor4D): TF.Tensor2D {
    const tf = this.tf;
    return tf.tidy(() => {
      const flat = this.convFeatures(x);
      return tf.relu(tf.add(tf.matMul(flat, this.params["dense1/kernel"] as TF.Tensor2D), this.params["dense1/bias"])) as TF.Tensor2D;
    });
  }

  /** Class scores (before softmax) of each image; `x` is [n, 28, 28, 1]. */
  logits(x: TF.Tensor4D): TF.Tensor2D {
    return this.tf.tidy(() => denseHead(this.tf, this.features(x), this.params["output/kernel"], this.params["output/bias"]));
  }

  /** Copies the current weights out of TensorFlow.js. */
  async read(): Promise<DigitsCnnValues> {
    const params: Partial<DigitsCnnParams> = {};
    for (const name of PARAM_NAMES) params[name] = await this.params[name].data<"float32">();
    return { architecture: this.architecture, digits: this.digits, params: completeParams(params) };
  }

  dispose(): void {
    for (const v of Object.values(this.params)) v.dispose();
  }
}

/** A trainable float32 variable holding `values`. */
export function variableFrom(tf: Tf, values: Float32Array, shape: readonly number[]): TF.Variable {
  // `tf.variable` takes its own reference to the initial tensor; release ours so only the variable remains.
  const initial = tf.tensor(values, [...shape], "float32");
  const variable = tf.variable(initial, true, undefined, "float32");
  initial.dispose();
  return variable;
}

/** The output layer: features [n, hidden] x kernel [hidden, K] + bias [K]. */
export function denseHead(tf: Tf, features: TF.Tensor2D, kernel: TF.Tensor, bias: TF.Tensor): TF.Tensor2D {
  return tf.add(tf.matMul(features, kernel as TF.Tensor2D), bias);
}

/** Mean softmax cross-entropy of `logits` [n, K] against one-hot `targets` [n, K]. */
export function crossEntropy(tf: Tf, logits: TF.Tensor2D, targets: TF.Tensor2D): TF.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1))) as TF.Scalar);
}

/** Images [count x 784] in [0, 1] as an [count, 28, 28, 1] tensor. */
export function imagesTensor(tf: Tf, images: Float32Array, count: number): TF.Tensor4D {
  return tf.tensor4d(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1]);
}

/**
 * Loss and predicted class of every row of `x`, through `logitsOf`, in chunks of `chunk` rows (bounds the
 * memory a large set takes on the device).
 */
export async function evaluate(
  tf: Tf,
  logitsOf: (x: TF.Tensor) => TF.Tensor2D,
  x: TF.Tensor,
  targets: TF.Tensor2D,
  chunk = 512,
): Promise<{ loss: number; predicted: Int32Array }> {
  const n = x.shape[0] as number;
  const predicted = new Int32Array(n);
  let lossSum = 0;
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const [lossT, argT] = tf.tidy(() => {
      const xs = tf.slice(x, start, size);
      const ys = tf.slice(targets, start, size);
      const logits = logitsOf(xs);
      return [tf.mul(crossEntropy(tf, logits, ys), size), tf.argMax(logits, 1)];
    });
    try {
      const [lossValue, args] = await Promise.all([lossT.data(), argT.data()]);
      lossSum += lossValue[0] as number;
      predicted.set(args, start);
    } finally {
      lossT.dispose();
      argT.dispose();
    }
  }
  return { loss: n === 0 ? 0 : lossSum / n, predicted };
}
