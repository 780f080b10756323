/**
 * The held-out digits the app ships (`content/models/digit-samples/`): HELD_OUT_PER_DIGIT images of every
 * digit that no shipped model was trained on, as 8-bit grey levels in one gzip-compressed file beside a
 * small manifest. Decoding needs no TensorFlow.js and no Node APIs.
 */
import { z } from "zod";

import { type DigitSet, IMAGE_SIZE, PIXELS_PER_IMAGE } from "./digit-tasks";

export const DIGIT_SAMPLES_FORMAT = "digit-samples/1";
export const SAMPLES_MANIFEST_FILE = "samples.json";
export const SAMPLES_PIXELS_FILE = "samples.u8.gz";

export const digitSamplesManifestSchema = z.object({
  format: z.literal(DIGIT_SAMPLES_FORMAT),
  imageSize: z.literal(IMAGE_SIZE),
  /** The digits in the file, in order; each has `perDigit` images. */
  digits: z.array(z.int().min(0).max(9)).min(1),
  perDigit: z.int().positive(),
  file: z.string(),
  /** How the pixels are stored, for people reading the manifest. */
  encoding: z.string(),
  source: z.string(),
});
export type DigitSamplesManifest = z.infer<typeof digitSamplesManifestSchema>;

/** Decoded samples: `pixels` holds digits.length x perDigit images, digit by digit, 0-255 each. */
export interface DigitSamples {
  readonly digits: readonly number[];
  readonly perDigit: number;
  readonly pixels: Uint8Array;
}

/**
 * Inflates the gzip bytes of the pixels file with the platform's DecompressionStream (browsers and Node 18+).
 * Not needed when the server already sent the file with `Content-Encoding: gzip`.
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** True when `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Checks the manifest and the inflated pixel bytes against each other. */
export function decodeDigitSamples(manifestJson: unknown, pixels: Uint8Array): DigitSamples {
  const parsed = digitSamplesManifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    throw new Error(`not a ${DIGIT_SAMPLES_FORMAT} file: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const { digits, perDigit } = parsed.data;
  if (new Set(digits).size !== digits.length) throw new Error("the samples name a digit twice");
  const expected = digits.length * perDigit * PIXELS_PER_IMAGE;
  if (pixels.length !== expected) throw new Error(`the samples need ${expected} bytes, got ${pixels.length}`);
  return { digits, perDigit, pixels };
}

/** Reads the manifest and the pixels file as fetched or read from disk (inflating it if it is still gzip). */
export async function loadDigitSamples(manifestJson: unknown, pixelsFile: Uint8Array): Promise<DigitSamples> {
  return decodeDigitSamples(manifestJson, isGzip(pixelsFile) ? await gunzip(pixelsFile) : pixelsFile);
}

/** Image `index` (0 <= index < perDigit) of `digit` as grey levels in [0, 1]. */
export function sampleImage(samples: DigitSamples, digit: number, index: number): Float32Array {
  const d = samples.digits.indexOf(digit);
  if (d < 0) throw new RangeError(`the samples hold no ${digit}`);
  if (!Number.isInteger(index) || index < 0 || index >= samples.perDigit) {
    throw new RangeError(`sample index must be 0 to ${samples.perDigit - 1}, got ${index}`);
  }
  const start = (d * samples.perDigit + index) * PIXELS_PER_IMAGE;
  return Float32Array.from(samples.pixels.subarray(start, start + PIXELS_PER_IMAGE), (v) => v / 255);
}

/**
 * A labelled set over `digits` (class index i = digits[i]) made of the images at `indices` of each digit,
 * class by class.
 */
export function samplesSet(samples: DigitSamples, digits: readonly number[], indices: (digit: number) => readonly number[]): DigitSet {
  const chosen = digits.map((digit) => indices(digit));
  const count = chosen.reduce((sum, list) => sum + list.length, 0);
  const images = new Float32Array(count * PIXELS_PER_IMAGE);
  const labels = new Int32Array(count);
  let k = 0;
  digits.forEach((digit, label) => {
    for (const index of chosen[label] as readonly number[]) {
      images.set(sampleImage(samples, digit, index), k * PIXELS_PER_IMAGE);
      labels[k] = label;
      k++;
    }
  });
  return { count, images, labels, digits: [...digits] };
}

/** Every sample of `digits` as one labelled set. */
export function allSamplesSet(samples: DigitSamples, digits: readonly number[]): DigitSet {
  const all = Array.from({ length: samples.perDigit }, (_, i) => i);
  return samplesSet(samples, digits, () => all);
}
