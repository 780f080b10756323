/**
 * The network the transfer-learning lab trains on the target digits, the same in all three modes:
 *
 *   conv stack of the digits CNN (conv-pool-conv-pool, 400 features) -> scale to length FEATURE_SCALE
 *   -> new linear output layer (5 classes)
 *
 * Only the convolutional layers carry over from pretraining. The pretrained model's hidden dense layer is
 * left behind: trained to tell 0-4 apart, its 64 features collapse onto those five classes and describe
 * 5-9 poorly, while the convolutional features (strokes, edges, curves at each place in the image) serve
 * both tasks. Scaling every feature vector to the same length makes the output layer compare directions
 * (a cosine classifier), which lets a few examples per class place a class well: with 10 examples of each
 * of 5-9, a linear layer on these features is right about 88% of the time against about 78% on the
 * unscaled ones (digits-cnn base, seeds 1-4).
 */
import type * as TF from "@tensorflow/tfjs";

import { gaussian, type Rng } from "../data";
import type { Tf } from "../tf";
import {
  CONV_PARAM_NAMES,
  type ConvParamName,
  convFeatures,
  type DigitsCnnArchitecture,
  flattenedSize,
  initParams,
  paramShapes,
  variableFrom,
} from "../digits/digits-cnn";

/** Length every feature vector is scaled to before the output layer (a fixed softmax temperature). */
export const FEATURE_SCALE = 10;

/** The pretrained convolutional layers, input first. */
export const TRANSFER_CONV_LAYERS = ["conv1", "conv2"] as const;

export type ConvParams = Record<ConvParamName, Float32Array>;

/** The new output layer: kernel [features, classes] and bias [classes]. */
export interface HeadParams {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** Fresh convolutional weights (He-normal, zero biases), as a model trained from scratch starts. */
export function initConv(arch: DigitsCnnArchitecture, rng: Rng): ConvParams {
  const drawn = initParams(arch, rng, CONV_PARAM_NAMES);
  const out: Partial<ConvParams> = {};
  for (const name of CONV_PARAM_NAMES) {
    const values = drawn[name];
    if (!values) throw new Error(`missing parameter ${name}`);
    out[name] = values;
  }
  return out as ConvParams;
}

/** A fresh output layer: Glorot-normal kernel, zero bias. */
export function initHead(arch: DigitsCnnArchitecture, rng: Rng): HeadParams {
  const inputs = flattenedSize(arch);
  const std = Math.sqrt(2 / (inputs + arch.classes));
  const kernel = new Float32Array(inputs * arch.classes);
  for (let i = 0; i < kernel.length; i++) kernel[i] = std * gaussian(rng);
  return { kernel, bias: new Float32Array(arch.classes) };
}

/** Scales each row of `features` to length FEATURE_SCALE (rows of zeros stay zero, with finite gradients). */
export function scaleFeatures(tf: Tf, features: TF.Tensor2D): TF.Tensor2D {
  return tf.tidy(() => tf.mul(features, tf.mul(tf.rsqrt(tf.add(tf.sum(tf.square(features), 1, true), 1e-6)), FEATURE_SCALE)));
}

/** The target network as variables. Call `dispose` when done. */
export class TransferNet {
  readonly conv: Readonly<Record<ConvParamName, TF.Variable>>;
  readonly headKernel: TF.Variable;
  readonly headBias: TF.Variable;
  private readonly tf: Tf;
  private readonly arch: DigitsCnnArchitecture;

  constructor(tf: Tf, arch: DigitsCnnArchitecture, conv: ConvParams, head: HeadParams) {
    this.tf = tf;
    this.arch = arch;
    const shapes = paramShapes(arch);
    const vars: Partial<Record<ConvParamName, TF.Variable>> = {};
    try {
      for (const name of CONV_PARAM_NAMES) vars[name] = variableFrom(tf, conv[name], shapes[name]);
      this.headKernel = variableFrom(tf, head.kernel, [flattenedSize(arch), arch.classes]);
      this.headBias = variableFrom(tf, head.bias, [arch.classes]);
    } catch (error) {
      for (const v of Object.values(vars)) v.dispose();
      throw error;
    }
    this.conv = vars as Record<ConvParamName, TF.Variable>;
  }

  convVariables(): TF.Variable[] {
    return CONV_PARAM_NAMES.map((name) => this.conv[name]);
  }

  /**
   * The variables of the last `layers` convolutional layers (1: conv2; 2: conv1 and conv2), the ones a
   * fine-tuning of "the last few layers" unfreezes.
   */
  lastConvVariables(layers: number): TF.Variable[] {
    if (!Number.isInteger(layers) || layers < 1 || layers > TRANSFER_CONV_LAYERS.length) {
      throw new RangeError(`layers must be 1 to ${TRANSFER_CONV_LAYERS.length}, got ${layers}`);
    }
    return TRANSFER_CONV_LAYERS.slice(-layers).flatMap((layer) => [this.conv[`${layer}/kernel`], this.conv[`${layer}/bias`]]);
  }

  headVariables(): TF.Variable[] {
    return [this.headKernel, this.headBias];
  }

  /** Scaled convolutional features of `x` [n, 28, 28, 1]. */
  features(x: TF.Tensor4D): TF.Tensor2D {
    return this.tf.tidy(() => scaleFeatures(this.tf, convFeatures(this.tf, this.conv, x, this.arch)));
  }

  /** The output layer applied to scaled features. */
  headLogits(features: TF.Tensor2D): TF.Tensor2D {
    return this.tf.tidy(() => this.tf.add(this.tf.matMul(features, this.headKernel), this.headBias));
  }

  logits(x: TF.Tensor4D): TF.Tensor2D {
    return this.tf.tidy(() => this.headLogits(this.features(x)));
  }

  dispose(): void {
    for (const v of [...this.convVariables(), ...this.headVariables()]) v.dispose();
  }
}
