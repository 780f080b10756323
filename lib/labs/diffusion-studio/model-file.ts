/**
 * The on-disk form of the denoiser (`content/models/diffusion-denoiser/`): `model.json` (architecture, a
 * TensorFlow.js-style weights manifest, how it was trained and how well it does) beside `weights.bin`.
 * Weights are stored as float16 or as 8-bit affine-quantized values (TensorFlow.js's `uint8` quantization:
 * value = min + scale x q, with min and scale per tensor). No TensorFlow.js here, so the page can decode the
 * file and hand plain arrays to the model.
 */
import { z } from "zod";

import { fromFloat16Bits, toFloat16Bits } from "../digits/model-file";
import { type DenoiserArchitecture, type DenoiserValues, paramNames, paramShapes, sizeOf } from "./denoiser";

export const DENOISER_FORMAT = "diffusion-denoiser/1";
export const DENOISER_FOLDER = "diffusion-denoiser";
export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";

export const QUANTIZATIONS = ["float16", "uint8"] as const;
export type Quantization = (typeof QUANTIZATIONS)[number];

const positiveInt = z.int().positive();

const quantizationSchema = z.discriminatedUnion("dtype", [
  z.object({ dtype: z.literal("float16") }),
  z.object({ dtype: z.literal("uint8"), min: z.number(), scale: z.number().nonnegative() }),
]);

const weightEntrySchema = z.object({
  name: z.string(),
  shape: z.array(positiveInt),
  dtype: z.literal("float32"),
  quantization: quantizationSchema,
});

/** How the shipped denoiser was trained and scored; for people, and for the lab's "about this model" line. */
export const denoiserTrainingSchema = z.object({
  script: z.string(),
  data: z.string(),
  backend: z.string(),
  seed: z.int(),
  steps: positiveInt,
  batchSize: positiveInt,
  learningRate: z.number().positive(),
  emaDecay: z.number().min(0).max(1),
  trainImages: positiveInt,
  heldOutImages: positiveInt,
  /** Mean squared error of the shipped (quantized) weights' eps prediction on held-out digits. */
  heldOutEpsMse: z.number().nonnegative(),
  /** The same for the trivial predictor eps^ = 0, about 1. */
  heldOutTrivialMse: z.number().nonnegative(),
  seconds: z.number().nonnegative(),
});
export type DenoiserTraining = z.infer<typeof denoiserTrainingSchema>;

export const denoiserManifestSchema = z.object({
  format: z.literal(DENOISER_FORMAT),
  architecture: z.object({ hidden: positiveInt, timeHidden: positiveInt, blocks: z.int().min(0).max(8), localHidden: positiveInt }),
  weightsManifest: z.tuple([z.object({ paths: z.tuple([z.string()]), weights: z.array(weightEntrySchema) })]),
  training: denoiserTrainingSchema,
});
export type DenoiserManifest = z.infer<typeof denoiserManifestSchema>;

function quantize(values: Float32Array, quantization: Quantization) {
  if (quantization === "float16") {
    const bytes = new Uint8Array(values.length * 2);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setUint16(i * 2, toFloat16Bits(v), true));
    return { bytes, spec: { dtype: "float16" as const } };
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (values.length === 0) min = max = 0;
  // Math.fround: the decoder computes min + scale * q in float32, as TensorFlow.js does.
  const scale = Math.fround(max > min ? (max - min) / 255 : 0);
  min = Math.fround(min);
  const bytes = Uint8Array.from(values, (v) => (scale === 0 ? 0 : Math.max(0, Math.min(255, Math.round((v - min) / scale)))));
  return { bytes, spec: { dtype: "uint8" as const, min, scale } };
}

/** Writes the denoiser as its manifest and weight bytes, in `paramNames` order. */
export function encodeDenoiser(
  values: DenoiserValues,
  training: DenoiserTraining,
  quantization: Quantization,
): { manifest: DenoiserManifest; weights: Uint8Array } {
  const shapes = paramShapes(values.architecture);
  const parts: Uint8Array[] = [];
  const entries: DenoiserManifest["weightsManifest"][0]["weights"] = [];
  for (const name of paramNames(values.architecture)) {
    const data = values.params[name];
    const shape = shapes[name] as number[];
    if (!data || data.length !== sizeOf(shape)) throw new RangeError(`${name} needs ${sizeOf(shape)} values`);
    const { bytes, spec } = quantize(data, quantization);
    parts.push(bytes);
    entries.push({ name, shape, dtype: "float32", quantization: spec });
  }
  const weights = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    weights.set(p, offset);
    offset += p.length;
  }
  const architecture: DenoiserArchitecture = { ...values.architecture };
  return {
    manifest: {
      format: DENOISER_FORMAT,
      architecture,
      weightsManifest: [{ paths: [WEIGHTS_FILE], weights: entries }],
      training,
    },
    weights,
  };
}

/**
 * Reads the denoiser from its parsed `model.json` and the bytes of `weights.bin`. Throws with a message
 * naming the problem when they do not match each other or this format.
 */
export function decodeDenoiser(manifestJson: unknown, weights: ArrayBuffer | Uint8Array): DenoiserValues {
  const parsed = denoiserManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    throw new Error(`not a ${DENOISER_FORMAT} model: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const architecture = parsed.data.architecture;
  const shapes = paramShapes(architecture);
  const bytes = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const params: Record<string, Float32Array> = {};
  let offset = 0;
  for (const entry of parsed.data.weightsManifest[0].weights) {
    const expected = shapes[entry.name];
    if (!expected) throw new Error(`unknown weight ${entry.name}`);
    if (entry.shape.join("x") !== expected.join("x")) {
      throw new Error(`${entry.name} has shape ${entry.shape.join("x")}, expected ${expected.join("x")}`);
    }
    if (params[entry.name]) throw new Error(`${entry.name} appears twice`);
    const count = sizeOf(expected);
    const q = entry.quantization;
    const width = q.dtype === "float16" ? 2 : 1;
    if (offset + count * width > bytes.byteLength) throw new Error("the weights file is too short");
    const values = new Float32Array(count);
    if (q.dtype === "float16") {
      for (let i = 0; i < count; i++) values[i] = fromFloat16Bits(view.getUint16(offset + i * 2, true));
    } else {
      for (let i = 0; i < count; i++) values[i] = q.min + q.scale * (bytes[offset + i] as number);
    }
    offset += count * width;
    params[entry.name] = values;
  }
  if (offset !== bytes.byteLength) throw new Error(`the weights file has ${bytes.byteLength - offset} extra bytes`);
  const missing = paramNames(architecture).filter((name) => !params[name]);
  if (missing.length > 0) throw new Error(`the model lacks ${missing.join(", ")}`);
  return { architecture, params };
}
