/**
 * The network the transfer-learning lab trains on the target digits, the same in all three modes: the
 * digits CNN with its output layer replaced,
 *
 *   conv1 -> pool -> conv2 -> pool -> dense1 (64, ReLU)   the base: pretrained on 0-4, or fresh
 *   -> scale to length FEATURE_SCALE -> new linear output layer (5 classes)
 *
 * The whole pretrained model but its output layer carries over, as when a pretrained network's classifier
 * head is swapped for a new one. Its layers run from general to specific: the convolutional features
 * (strokes, edges, curves at each place in the image) serve both tasks, while the hidden dense layer was
 * trained to tell 0-4 apart and describes 5-9 poorly. That is why fine-tuning the last layers helps here:
 * kept frozen, those 64 features cost the new output layer about 5 to 10 points of held-out accuracy that
 * fine-tuning dense1 wins back (seeds 1-20, 2 to 10 examples per digit).
 *
 * Scaling every feature vector to the same length makes the output layer compare directions (a cosine
 * classifier), which lets a few examples per class place a class well.
 */
import type * as TF from "@tensorflow/tfjs";

import { gaussian, type Rng } from "../data";
import type { Tf } from "../tf";
import {
  CONV_PARAM_NAMES,
  convFeatures,
  type DigitsCnnArchitecture,
  initParams,
  type ParamName,
  paramShapes,
  variableFrom,
} from "../digits/digits-cnn";

/** Length every feature vector is scaled to before the output layer (a fixed softmax temperature). */
export const FEATURE_SCALE = 10;

/** The layers of the base, input first: what fine-tuning "the last k layers" counts from the end. */
export const BASE_LAYERS = ["conv1", "conv2", "dense1"] as const;
export type BaseLayer = (typeof BASE_LAYERS)[number];

/** The base's parameters: every parameter of the digits CNN except its output layer. */
export const BASE_PARAM_NAMES = [...CONV_PARAM_NAMES, "dense1/kernel", "dense1/bias"] as const satisfies readonly ParamName[];
export type BaseParamName = (typeof BASE_PARAM_NAMES)[number];
export type BaseParams = Record<BaseParamName, Float32Array>;

/** The new output layer: kernel [hidden, classes] and bias [classes]. */
export interface HeadParams {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
}

/** Fresh base weights (He-normal, zero biases), as a model trained from scratch starts. */
export function initBase(arch: DigitsCnnArchitecture, rng: Rng): BaseParams {
  const drawn = initParams(arch, rng, BASE_PARAM_NAMES);
  const out: Partial<BaseParams> = {};
  for (const name of BASE_PARAM_NAMES) {
    const values = drawn[name];
    if (!values) throw new Error(`missing parameter ${name}`);
    out[name] = values;
  }
  return out as BaseParams;
}

/** A fresh output layer: Glorot-normal kernel, zero bias. */
export function initHead(arch: DigitsCnnArchitecture, rng: Rng): HeadParams {
  const inputs = arch.hidden;
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
  readonly base: Readonly<Record<BaseParamName, TF.Variable>>;
  readonly headKernel: TF.Variable;
  readonly headBias: TF.Variable;
  private readonly tf: Tf;
  private readonly arch: DigitsCnnArchitecture;

  constructor(tf: Tf, arch: DigitsCnnArchitecture, base: BaseParams, head: HeadParams) {
    this.tf = tf;
    this.arch = arch;
    const shapes = paramShapes(arch);
    const vars: Partial<Record<BaseParamName, TF.Variable>> = {};
    try {
      for (const name of BASE_PARAM_NAMES) vars[name] = variableFrom(tf, base[name], shapes[name]);
      this.headKernel = variableFrom(tf, head.kernel, [arch.hidden, arch.classes]);
      this.headBias = variableFrom(tf, head.bias, [arch.classes]);
    } catch (error) {
      for (const v of Object.values(vars)) v.dispose();
      throw error;
    }
    this.base = vars as Record<BaseParamName, TF.Variable>;
  }

  baseVariables(): TF.Variable[] {
    return BASE_PARAM_NAMES.map((name) => this.base[name]);
  }

  /** The variables of the last `layers` base layers (1: dense1; 2: conv2 and dense1; 3: all three). */
  lastBaseVariables(layers: number): TF.Variable[] {
    if (!Number.isInteger(layers) || layers < 1 || layers > BASE_LAYERS.length) {
      throw new RangeError(`layers must be 1 to ${BASE_LAYERS.length}, got ${layers}`);
    }
    return BASE_LAYERS.slice(-layers).flatMap((layer) => [this.base[`${layer}/kernel`], this.base[`${layer}/bias`]]);
  }

  headVariables(): TF.Variable[] {
    return [this.headKernel, this.headBias];
  }

  /** The base's scaled features of `x` [n, 28, 28, 1]: the hidden dense layer's 64 values per image. */
  features(x: TF.Tensor4D): TF.Tensor2D {
    const tf = this.tf;
    return tf.tidy(() => {
      const flat = convFeatures(tf, this.base, x, this.arch);
      const hidden = tf.relu(tf.add(tf.matMul(flat, this.base["dense1/kernel"]), this.base["dense1/bias"])) as TF.Tensor2D;
      return scaleFeatures(tf, hidden);
    });
  }

  /** The output layer applied to scaled features. */
  headLogits(features: TF.Tensor2D): TF.Tensor2D {
    return this.tf.tidy(() => this.tf.add(this.tf.matMul(features, this.headKernel), this.headBias));
  }

  logits(x: TF.Tensor4D): TF.Tensor2D {
    return this.tf.tidy(() => this.headLogits(this.features(x)));
  }

  dispose(): void {
    for (const v of [...this.baseVariables(), ...this.headVariables()]) v.dispose();
  }
}
