/**
 * The on-disk form of a digits CNN: `model.json` (architecture, classes, a TensorFlow.js weights manifest,
 * how it was trained) beside one binary of float16 weights. The weight entries follow TensorFlow.js's
 * `WeightsManifestEntry` format (float32 weights quantized to float16), so `tf.io.decodeWeights` reads the
 * binary too; this module decodes it without TensorFlow.js, so plain data can cross to a worker.
 */
import { z } from "zod";

import {
  type DigitsCnnArchitecture,
  type DigitsCnnParams,
  type DigitsCnnValues,
  PARAM_NAMES,
  type ParamName,
  paramShapes,
  sizeOf,
} from "./digits-cnn";

export const DIGITS_CNN_FORMAT = "digits-cnn/1";
export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";

const positiveInt = z.int().positive();

const weightEntrySchema = z.object({
  name: z.enum(PARAM_NAMES),
  shape: z.array(positiveInt),
  dtype: z.literal("float32"),
  quantization: z.object({ dtype: z.literal("float16") }),
});

/** How a shipped model was made; recorded for people, not read by the app. */
export const trainingRecordSchema = z.object({
  script: z.string(),
  data: z.string(),
  backend: z.string(),
  seed: z.int(),
  epochs: positiveInt,
  batchSize: positiveInt,
  learningRate: z.number().positive(),
  trainImages: positiveInt,
  heldOutImages: positiveInt,
  heldOutAccuracy: z.number().min(0).max(1),
});
export type TrainingRecord = z.infer<typeof trainingRecordSchema>;

export const digitsCnnManifestSchema = z.object({
  format: z.literal(DIGITS_CNN_FORMAT),
  architecture: z.object({
    kernelSize: positiveInt,
    conv1Filters: positiveInt,
    conv2Filters: positiveInt,
    hidden: positiveInt,
    classes: positiveInt,
  }),
  /** Class index -> digit. */
  digits: z.array(z.int().min(0).max(9)).min(2),
  weightsManifest: z.tuple([z.object({ paths: z.tuple([z.string()]), weights: z.array(weightEntrySchema) })]),
  training: trainingRecordSchema,
});
export type DigitsCnnManifest = z.infer<typeof digitsCnnManifestSchema>;

// One shared view for the bit conversions: a float32 and its raw bits.
const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

/** The IEEE-754 half-precision bits nearest to `value` (round half to even; overflow gives infinity). */
export function toFloat16Bits(value: number): number {
  floatView[0] = value;
  const bits = bitsView[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half: the value is (1.mantissa) x 2^(exponent - 127) = m x 2^-24 for m below 1024.
    if (e < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - e;
    let half = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  return sign | half;
}

/** The number that half-precision `bits` stand for. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa !== 0 ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Writes a model as its manifest and its float16 weight bytes (little-endian, in PARAM_NAMES order). */
export function encodeDigitsCnn(
  values: DigitsCnnValues,
  training: TrainingRecord,
): { manifest: DigitsCnnManifest; weights: Uint8Array } {
  const shapes = paramShapes(values.architecture);
  const total = PARAM_NAMES.reduce((sum, name) => sum + sizeOf(shapes[name]), 0);
  const bytes = new Uint8Array(total * 2);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const name of PARAM_NAMES) {
    const data = values.params[name];
    if (data.length !== sizeOf(shapes[name])) throw new RangeError(`${name} has ${data.length} values`);
    for (const v of data) {
      view.setUint16(offset, toFloat16Bits(v), true);
      offset += 2;
    }
  }
  const architecture: DigitsCnnArchitecture = { ...values.architecture };
  const manifest: DigitsCnnManifest = {
    format: DIGITS_CNN_FORMAT,
    architecture,
    digits: [...values.digits],
    weightsManifest: [
      {
        paths: [WEIGHTS_FILE],
        weights: PARAM_NAMES.map((name) => ({
          name,
          shape: shapes[name],
          dtype: "float32" as const,
          quantization: { dtype: "float16" as const },
        })),
      },
    ],
    training,
  };
  return { manifest, weights: bytes };
}

/**
 * Reads a model from its parsed `model.json` and the bytes of its weights file. Throws with a message that
 * names the problem when the manifest does not match this format or the bytes do not match the manifest.
 */
export function decodeDigitsCnn(manifestJson: unknown, weights: ArrayBuffer | Uint8Array): DigitsCnnValues {
  const parsed = digitsCnnManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    throw new Error(`not a ${DIGITS_CNN_FORMAT} model: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const manifest = parsed.data;
  const architecture = manifest.architecture;
  if (manifest.digits.length !== architecture.classes) {
    throw new Error(`the model has ${architecture.classes} classes but names ${manifest.digits.length} digits`);
  }
  const shapes = paramShapes(architecture);
  const entries = manifest.weightsManifest[0].weights;
  const bytes = weights instanceof Uint8Array ? weights : new Uint8Array(weights);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const params: Partial<DigitsCnnParams> = {};
  let offset = 0;
  for (const entry of entries) {
    const expected = shapes[entry.name];
    if (entry.shape.join("x") !== expected.join("x")) {
      throw new Error(`${entry.name} has shape ${entry.shape.join("x")}, expected ${expected.join("x")}`);
    }
    if (params[entry.name]) throw new Error(`${entry.name} appears twice`);
    const values = new Float32Array(sizeOf(expected));
    if (offset + values.length * 2 > bytes.byteLength) throw new Error("the weights file is too short");
    for (let i = 0; i < values.length; i++) values[i] = fromFloat16Bits(view.getUint16(offset + i * 2, true));
    offset += values.length * 2;
    params[entry.name] = values;
  }
  if (offset !== bytes.byteLength) throw new Error(`the weights file has ${bytes.byteLength - offset} extra bytes`);
  const missing = PARAM_NAMES.filter((name: ParamName) => !params[name]);
  if (missing.length > 0) throw new Error(`the model lacks ${missing.join(", ")}`);
  return { architecture, digits: manifest.digits, params: params as DigitsCnnParams };
}
