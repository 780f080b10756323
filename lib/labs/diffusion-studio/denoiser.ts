/**
 * The Diffusion Studio's denoiser: a small network that predicts the noise eps in x_t = sqrt(abar) x_0 +
 * sqrt(1 - abar) eps, for 28x28 digits scaled to [-1, 1].
 *
 * It is told the noise level as the log signal-to-noise ratio lambda = log(abar / (1 - abar)) rather than
 * the step number, so one network serves both schedules: q(x_t | x_0) depends on the step only through abar.
 *
 *   e      = sinusoidal embedding of lambda (EMBED_FREQUENCIES sines and cosines)
 *   c      = SiLU(e W_e + b_e)                                   noise-level features
 *   h      = SiLU(x W_in + b_in + c P_in)                        hidden width H
 *   h      = h + SiLU(h W_k + b_k + c P_k)                       for each residual block k
 *   eps^   = h W_out + b_out + local(x, lambda)
 *
 * The hidden width H is far below 784, so the MLP alone can only output noise inside an H-dimensional
 * subspace: it captures the digit's shape at high noise levels but cannot pick fine-grained noise off the
 * strokes at low ones. The local term does that, pixel by pixel, from the pixel's 3x3 neighbourhood. With
 * a = sqrt(abar) and b = sqrt(1 - abar), it measures each neighbour in noise standard deviations from
 * black background and from full ink,
 *
 *   z- = (x + a) / b,   z+ = (x - a) / b     (x_0 = -1 gives z- = eps exactly; x_0 = +1 gives z+ = eps)
 *
 * and a small per-pixel MLP (shared by all pixels, told the noise level) blends the two guesses for the
 * centre pixel and adds a correction: local = g z-_c + (1 - g) z+_c + r, z clipped to +-8. MNIST pixels are
 * mostly pure background or pure ink, so this is nearly exact there at every noise level, which is what
 * lets the last sampling steps remove the last of the noise.
 *
 * Weights are plain Float32Arrays outside TensorFlow.js (`DenoiserParams`) and variables inside (`Denoiser`).
 */
import type * as TF from "@tensorflow/tfjs";

import { gaussian, type Rng } from "../data";
import type { Tf } from "../tf";
import { logSnrOf } from "./schedule";

export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
/** Side of the local term's square neighbourhood. */
export const LOCAL_SIDE = 3;
export const LOCAL_TAPS = LOCAL_SIDE * LOCAL_SIDE;
/** Sine/cosine pairs of the noise-level embedding. */
export const EMBED_FREQUENCIES = 16;
/** lambda is clipped to this range before embedding (the schedules reach about -20 and +10). */
export const LOG_SNR_LIMIT = 20;

export interface DenoiserArchitecture {
  readonly hidden: number;
  readonly timeHidden: number;
  readonly blocks: number;
  /** Hidden width of the per-pixel local MLP. */
  readonly localHidden: number;
}

/** The sizes of the shipped denoiser. */
export const DENOISER_LAYERS: DenoiserArchitecture = { hidden: 256, timeHidden: 64, blocks: 2, localHidden: 16 };

/** Noise standard deviations beyond which z- and z+ are clipped. */
export const Z_CLIP = 8;

/** Parameter names in file order. */
export function paramNames(arch: DenoiserArchitecture): string[] {
  const names = ["embed/kernel", "embed/bias", "in/kernel", "in/bias", "in/time"];
  for (let k = 1; k <= arch.blocks; k++) names.push(`block${k}/kernel`, `block${k}/bias`, `block${k}/time`);
  names.push("out/kernel", "out/bias");
  names.push("local/minus", "local/plus", "local/bias", "local/time", "gate/kernel", "gate/bias", "fix/kernel", "fix/bias");
  return names;
}

/** Each parameter's shape ([in, out] for dense kernels). */
export function paramShapes(arch: DenoiserArchitecture): Record<string, number[]> {
  const h = arch.hidden;
  const c = arch.timeHidden;
  const shapes: Record<string, number[]> = {
    "embed/kernel": [2 * EMBED_FREQUENCIES, c],
    "embed/bias": [c],
    "in/kernel": [IMAGE_PIXELS, h],
    "in/bias": [h],
    "in/time": [c, h],
    "out/kernel": [h, IMAGE_PIXELS],
    "out/bias": [IMAGE_PIXELS],
    "local/minus": [LOCAL_TAPS, arch.localHidden],
    "local/plus": [LOCAL_TAPS, arch.localHidden],
    "local/bias": [arch.localHidden],
    "local/time": [c, arch.localHidden],
    "gate/kernel": [arch.localHidden, 1],
    "gate/bias": [1],
    "fix/kernel": [arch.localHidden, 1],
    "fix/bias": [1],
  };
  for (let k = 1; k <= arch.blocks; k++) {
    shapes[`block${k}/kernel`] = [h, h];
    shapes[`block${k}/bias`] = [h];
    shapes[`block${k}/time`] = [c, h];
  }
  return shapes;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Every parameter's values by name. */
export type DenoiserParams = Readonly<Record<string, Float32Array>>;

export interface DenoiserValues {
  readonly architecture: DenoiserArchitecture;
  readonly params: DenoiserParams;
}

/** Total number of weights. */
export function parameterCount(arch: DenoiserArchitecture): number {
  return Object.values(paramShapes(arch)).reduce((sum, shape) => sum + sizeOf(shape), 0);
}

/**
 * Fresh weights from `rng`: He-normal dense kernels scaled down for the residual blocks and the output (so
 * the untrained network starts near "predict 0"), and zero biases.
 */
export function initDenoiserParams(arch: DenoiserArchitecture, rng: Rng): DenoiserParams {
  const shapes = paramShapes(arch);
  const params: Record<string, Float32Array> = {};
  for (const name of paramNames(arch)) {
    const shape = shapes[name] as number[];
    const values = new Float32Array(sizeOf(shape));
    if (name.endsWith("/kernel") || name.endsWith("/time") || name === "local/minus" || name === "local/plus") {
      const fanIn = shape[0] as number;
      const gain = name.startsWith("block") || name.startsWith("out") || name.startsWith("gate") || name.startsWith("fix") ? 0.5 : 1;
      const std = gain * Math.sqrt(2 / fanIn);
      for (let i = 0; i < values.length; i++) values[i] = std * gaussian(rng);
    }
    params[name] = values;
  }
  return params;
}

/** The embedding frequencies, geometric from 0.02 to 8 radians per unit of lambda. */
export function embedFrequencies(): Float32Array {
  const out = new Float32Array(EMBED_FREQUENCIES);
  for (let i = 0; i < EMBED_FREQUENCIES; i++) out[i] = 0.02 * 400 ** (i / (EMBED_FREQUENCIES - 1));
  return out;
}

/** The noise-level input of each image: log-SNR of its alphaBar, clipped to +-LOG_SNR_LIMIT. */
export function noiseLevels(alphaBars: ArrayLike<number>): Float32Array {
  return Float32Array.from(alphaBars, (ab) => Math.max(-LOG_SNR_LIMIT, Math.min(LOG_SNR_LIMIT, logSnrOf(ab))));
}

/** Sinusoidal embedding [n, 2F] of `levels` [n]. */
export function embedLevels(tf: Tf, levels: TF.Tensor1D): TF.Tensor2D {
  return tf.tidy(() => {
    const angles = tf.mul(tf.expandDims(levels, 1), tf.tensor2d(embedFrequencies(), [1, EMBED_FREQUENCIES]));
    return tf.concat([tf.sin(angles), tf.cos(angles)], 1) as TF.Tensor2D;
  });
}

/** x * sigmoid(x). */
function silu(tf: Tf, x: TF.Tensor): TF.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

/**
 * The shifted copies of each image, [n, 784, LOCAL_TAPS]: entry (p, j) is the pixel at offset j of the
 * neighbourhood of pixel p, -1 (background) outside the image. One convolution with one-hot kernels.
 */
export function localNeighbourhoods(tf: Tf, x: TF.Tensor2D): TF.Tensor3D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const oneHot = new Float32Array(LOCAL_TAPS * LOCAL_TAPS);
    for (let j = 0; j < LOCAL_TAPS; j++) oneHot[j * LOCAL_TAPS + j] = 1;
    const kernel = tf.tensor4d(oneHot, [LOCAL_SIDE, LOCAL_SIDE, 1, LOCAL_TAPS]);
    // Shift by +1 so the zero padding of "same" stands for background (-1) once shifted back.
    const image = tf.reshape(tf.add(x, 1), [n, IMAGE_SIDE, IMAGE_SIDE, 1]) as TF.Tensor4D;
    return tf.sub(tf.reshape(tf.conv2d(image, kernel, 1, "same"), [n, IMAGE_PIXELS, LOCAL_TAPS]), 1) as TF.Tensor3D;
  });
}

/**
 * a [n, k] x w [k, m] with gradients that use explicit transposes: the WebAssembly backend of
 * TensorFlow.js multiplies transposed operands many times slower than it transposes them first.
 */
export function linear(tf: Tf, a: TF.Tensor2D, w: TF.Tensor2D): TF.Tensor2D {
  const op = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const [input, weight, save] = args as [TF.Tensor2D, TF.Tensor2D, TF.GradSaveFunc];
    save([input, weight]);
    return {
      value: tf.matMul(input, weight),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [xs, ws] = saved as [TF.Tensor2D, TF.Tensor2D];
        return [tf.matMul(dy as TF.Tensor2D, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy as TF.Tensor2D)];
      },
    };
  });
  return op(a, w) as TF.Tensor2D;
}

/** Parameters as tensors, by name (variables while training, constants when sampling). */
export type ParamTensors = Readonly<Record<string, TF.Tensor>>;

function param(params: ParamTensors, name: string): TF.Tensor {
  const t = params[name];
  if (!t) throw new Error(`missing parameter ${name}`);
  return t;
}

/**
 * Predicted noise [n, 784] for images `x` [n, 784] at noise levels `levels` [n] (log-SNR, see
 * `noiseLevels`).
 */
export function predictNoise(
  tf: Tf,
  arch: DenoiserArchitecture,
  params: ParamTensors,
  x: TF.Tensor2D,
  levels: TF.Tensor1D,
): TF.Tensor2D {
  return tf.tidy(() => {
    const dense = (input: TF.Tensor, name: string) =>
      tf.add(linear(tf, input as TF.Tensor2D, param(params, `${name}/kernel`) as TF.Tensor2D), param(params, `${name}/bias`));
    const c = silu(tf, dense(embedLevels(tf, levels), "embed")) as TF.Tensor2D;
    const timeTerm = (name: string) => linear(tf, c, param(params, `${name}/time`) as TF.Tensor2D);
    let h = silu(tf, tf.add(dense(x, "in"), timeTerm("in")));
    for (let k = 1; k <= arch.blocks; k++) {
      h = tf.add(h, silu(tf, tf.add(dense(h, `block${k}`), timeTerm(`block${k}`))));
    }
    return tf.add(dense(h, "out"), localTerm(tf, arch, params, x, levels, c)) as TF.Tensor2D;
  });
}

/** The per-pixel local term (see the module comment), [n, 784]. */
function localTerm(
  tf: Tf,
  arch: DenoiserArchitecture,
  params: ParamTensors,
  x: TF.Tensor2D,
  levels: TF.Tensor1D,
  c: TF.Tensor2D,
): TF.Tensor2D {
  // The WebAssembly backend slices and concatenates large tensors slowly, so the centre pixel is taken
  // from x itself and the two halves of the input and output layers are separate matrices. The per-pixel
  // products (n x 784 rows) use tf.matMul's own gradient: `linear` on operands this tall corrupted the
  // WebAssembly backend's memory (TensorFlow.js 4.22) when combined with the rest of the network.
  const n = x.shape[0];
  const k = arch.localHidden;
  const rows = n * IMAGE_PIXELS;
  // abar = sigmoid(lambda), 1 - abar = sigmoid(-lambda).
  const a = tf.sqrt(tf.sigmoid(levels));
  const b = tf.sqrt(tf.sigmoid(tf.neg(levels)));
  const a3 = tf.reshape(a, [n, 1, 1]);
  const b3 = tf.reshape(b, [n, 1, 1]);
  const taps = localNeighbourhoods(tf, x);
  const z = (t: TF.Tensor, sign: number, shape: number[]) =>
    tf.clipByValue(tf.div(tf.add(t, tf.mul(shape.length === 3 ? a3 : tf.reshape(a, [n, 1]), sign)), shape.length === 3 ? b3 : tf.reshape(b, [n, 1])), -Z_CLIP, Z_CLIP);
  const scale = 2 / Z_CLIP;
  const zMinus = tf.reshape(tf.mul(z(taps, 1, [n, IMAGE_PIXELS, LOCAL_TAPS]), scale), [rows, LOCAL_TAPS]) as TF.Tensor2D;
  const zPlus = tf.reshape(tf.mul(z(taps, -1, [n, IMAGE_PIXELS, LOCAL_TAPS]), scale), [rows, LOCAL_TAPS]) as TF.Tensor2D;
  const pre = tf.add(
    tf.reshape(
      tf.add(tf.matMul(zMinus, param(params, "local/minus") as TF.Tensor2D), tf.matMul(zPlus, param(params, "local/plus") as TF.Tensor2D)),
      [n, IMAGE_PIXELS, k],
    ),
    tf.reshape(tf.add(linear(tf, c, param(params, "local/time") as TF.Tensor2D), param(params, "local/bias")), [n, 1, k]),
  );
  const hidden = tf.reshape(tf.relu(pre), [rows, k]) as TF.Tensor2D;
  const head = (name: string) =>
    tf.reshape(tf.add(tf.matMul(hidden, param(params, `${name}/kernel`) as TF.Tensor2D), param(params, `${name}/bias`)), [n, IMAGE_PIXELS]);
  const gate = tf.sigmoid(head("gate"));
  const centreMinus = z(x, 1, [n, IMAGE_PIXELS]);
  const centrePlus = z(x, -1, [n, IMAGE_PIXELS]);
  // g z- + (1 - g) z+ = z+ + g (z- - z+)
  return tf.add(tf.add(centrePlus, tf.mul(gate, tf.sub(centreMinus, centrePlus))), head("fix")) as TF.Tensor2D;
}

/** A denoiser whose weights live in TensorFlow.js (variables). Call `dispose` when done. */
export class Denoiser {
  readonly architecture: DenoiserArchitecture;
  readonly variables: Readonly<Record<string, TF.Variable>>;
  private readonly tf: Tf;

  constructor(tf: Tf, values: DenoiserValues, trainable = false) {
    this.tf = tf;
    this.architecture = values.architecture;
    const shapes = paramShapes(values.architecture);
    const variables: Record<string, TF.Variable> = {};
    for (const name of paramNames(values.architecture)) {
      const shape = shapes[name] as number[];
      const data = values.params[name];
      if (!data || data.length !== sizeOf(shape)) throw new RangeError(`${name} needs ${sizeOf(shape)} values`);
      // `tf.variable` keeps its own copy; dispose the initial tensor so only the variable remains.
      const initial = tf.tensor(data, shape, "float32");
      variables[name] = tf.variable(initial, trainable, undefined, "float32");
      initial.dispose();
    }
    this.variables = variables;
  }

  /** Predicted noise for `x` [n, 784] at noise levels (log-SNR) `levels` [n]. */
  predict(x: TF.Tensor2D, levels: TF.Tensor1D): TF.Tensor2D {
    return predictNoise(this.tf, this.architecture, this.variables, x, levels);
  }

  /**
   * Predicted noise for `count` images held in one Float32Array (784 values each, scale [-1, 1]), each at
   * its own alphaBar.
   */
  async predictArrays(images: Float32Array, alphaBars: ArrayLike<number>): Promise<Float32Array> {
    const count = alphaBars.length;
    if (images.length !== count * IMAGE_PIXELS) throw new RangeError(`expected ${count} images of ${IMAGE_PIXELS} values`);
    const out = this.tf.tidy(() =>
      this.predict(this.tf.tensor2d(images, [count, IMAGE_PIXELS]), this.tf.tensor1d(noiseLevels(alphaBars))),
    );
    try {
      return await out.data<"float32">();
    } finally {
      out.dispose();
    }
  }

  /** Copies the weights out of TensorFlow.js. */
  async read(): Promise<DenoiserValues> {
    const params: Record<string, Float32Array> = {};
    for (const [name, v] of Object.entries(this.variables)) params[name] = await v.data<"float32">();
    return { architecture: this.architecture, params };
  }

  dispose(): void {
    for (const v of Object.values(this.variables)) v.dispose();
  }
}
