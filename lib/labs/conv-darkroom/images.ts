/**
 * The Conv Darkroom's pictures: square grey images in [0, 1] (0 black, 1 white), row-major, top row first.
 * A handwritten digit (one of the shipped 28x28 samples, enlarged), a face silhouette and a checkerboard
 * drawn procedurally, or the learner's own drawing. Plain arrays, no TensorFlow.js.
 */
import type { DARKROOM_IMAGES } from "./config";

export type DarkroomImageKind = (typeof DARKROOM_IMAGES)[number];

/** Side of the darkroom's images. */
export const DARKROOM_SIZE = 64;

/** A square grey image. */
export interface GreyImage {
  readonly size: number;
  readonly pixels: Float32Array;
}

export function blankImage(size: number = DARKROOM_SIZE, value = 0): GreyImage {
  return { size, pixels: new Float32Array(size * size).fill(value) };
}

/**
 * Resamples a square image to `size` x `size`. Each output pixel is the mean of the input over the
 * output pixel's footprint (exact area weights), so shrinking averages and enlarging interpolates
 * piecewise-constantly; with `smooth`, enlarging is bilinear between input pixel centres instead.
 */
export function resample(image: GreyImage, size: number, smooth = false): GreyImage {
  const n = image.size;
  const out = new Float32Array(size * size);
  const at = (y: number, x: number) => image.pixels[y * n + x] as number;
  if (smooth && size >= n) {
    const scale = n / size;
    for (let y = 0; y < size; y++) {
      const sy = Math.min(n - 1, Math.max(0, (y + 0.5) * scale - 0.5));
      const y0 = Math.floor(sy);
      const y1 = Math.min(n - 1, y0 + 1);
      const fy = sy - y0;
      for (let x = 0; x < size; x++) {
        const sx = Math.min(n - 1, Math.max(0, (x + 0.5) * scale - 0.5));
        const x0 = Math.floor(sx);
        const x1 = Math.min(n - 1, x0 + 1);
        const fx = sx - x0;
        const top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        const bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        out[y * size + x] = top * (1 - fy) + bottom * fy;
      }
    }
    return { size, pixels: out };
  }
  // Weights of input cells [0, n) over the output cell [k, k+1) scaled to input units.
  const overlaps = (k: number): [number, number][] => {
    const from = (k * n) / size;
    const to = ((k + 1) * n) / size;
    const cells: [number, number][] = [];
    for (let i = Math.floor(from); i < Math.min(n, Math.ceil(to)); i++) {
      const w = Math.min(to, i + 1) - Math.max(from, i);
      if (w > 1e-12) cells.push([i, w / (to - from)]);
    }
    return cells;
  };
  const weights = Array.from({ length: size }, (_, k) => overlaps(k));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (const [iy, wy] of weights[y] ?? []) for (const [ix, wx] of weights[x] ?? []) sum += wy * wx * at(iy, ix);
      out[y * size + x] = sum;
    }
  }
  return { size, pixels: out };
}

/** A 28x28 digit (grey levels in [0, 1]) enlarged smoothly to the darkroom's size. */
export function digitImage(pixels28: Float32Array, size: number = DARKROOM_SIZE): GreyImage {
  if (pixels28.length !== 28 * 28) throw new RangeError("a digit has 784 pixels");
  return resample({ size: 28, pixels: pixels28 }, size, true);
}

/** Black and white squares of `cell` pixels, white in the top-left corner. */
export function checkerboard(size: number = DARKROOM_SIZE, cell = 8): GreyImage {
  const pixels = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels[y * size + x] = (Math.floor(y / cell) + Math.floor(x / cell)) % 2 === 0 ? 1 : 0;
  }
  return { size, pixels };
}

/** Inside test of an ellipse centred at (cx, cy) with half-axes (rx, ry), in units of the image side. */
function inEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean {
  return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
}

/** Brightness of the face picture at a point of the unit square (x right, y down). */
function faceAt(x: number, y: number): number {
  const background = 0.12;
  const skin = 0.85;
  const feature = 0.25;
  const shoulders = y > 0.8 && inEllipse(x, y, 0.5, 1.08, 0.46, 0.3);
  const neck = y > 0.62 && y < 0.9 && Math.abs(x - 0.5) < 0.1;
  const head = inEllipse(x, y, 0.5, 0.42, 0.25, 0.31);
  if (!(head || neck || shoulders)) return background;
  if (!head) return 0.6;
  const eye = inEllipse(x, y, 0.41, 0.38, 0.05, 0.03) || inEllipse(x, y, 0.59, 0.38, 0.05, 0.03);
  const brows = (y > 0.305 && y < 0.325 && Math.abs(x - 0.41) < 0.06) || (y > 0.305 && y < 0.325 && Math.abs(x - 0.59) < 0.06);
  // The mouth: a band between two arcs under the nose.
  const mouth = inEllipse(x, y, 0.5, 0.55, 0.11, 0.08) && !inEllipse(x, y, 0.5, 0.52, 0.12, 0.08) && y > 0.55;
  const nose = Math.abs(x - 0.5) < 0.015 && y > 0.4 && y < 0.5;
  return eye || brows || mouth || nose ? feature : skin;
}

/**
 * A head-and-shoulders silhouette with eyes, brows, a nose and a mouth, anti-aliased by averaging 4x4
 * subsamples per pixel, so its edges run in every direction.
 */
export function faceSilhouette(size: number = DARKROOM_SIZE): GreyImage {
  const pixels = new Float32Array(size * size);
  const sub = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let sy = 0; sy < sub; sy++) {
        for (let sx = 0; sx < sub; sx++) sum += faceAt((x + (sx + 0.5) / sub) / size, (y + (sy + 0.5) / sub) / size);
      }
      pixels[y * size + x] = sum / (sub * sub);
    }
  }
  return { size, pixels };
}

/** A straight step edge: 0 on one side, 1 on the other, vertical (dark left) or horizontal (dark top). */
export function stepEdge(direction: "vertical" | "horizontal", size: number = DARKROOM_SIZE): GreyImage {
  const pixels = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) pixels[y * size + x] = (direction === "vertical" ? x : y) >= size / 2 ? 1 : 0;
  }
  return { size, pixels };
}

/**
 * Paints a round soft brush stroke from `from` to `to` (pixel coordinates) into `image` (in place): pixels
 * within `radius` become white, with a one-pixel soft rim, never darker than they were.
 */
export function paintStroke(
  image: GreyImage,
  from: { x: number; y: number },
  to: { x: number; y: number },
  radius: number,
  value = 1,
): void {
  const n = image.size;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length2 = dx * dx + dy * dy;
  const x0 = Math.max(0, Math.floor(Math.min(from.x, to.x) - radius - 1));
  const x1 = Math.min(n - 1, Math.ceil(Math.max(from.x, to.x) + radius + 1));
  const y0 = Math.max(0, Math.floor(Math.min(from.y, to.y) - radius - 1));
  const y1 = Math.min(n - 1, Math.ceil(Math.max(from.y, to.y) + radius + 1));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      // Distance from the pixel centre to the segment.
      const s = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - from.x) * dx + (py - from.y) * dy) / length2));
      const d = Math.hypot(px - (from.x + s * dx), py - (from.y + s * dy));
      const cover = Math.max(0, Math.min(1, radius + 0.5 - d));
      const i = y * n + x;
      if (cover > 0) {
        const current = image.pixels[i] as number;
        image.pixels[i] = value >= current ? Math.max(current, cover * value) : Math.min(current, 1 - cover * (1 - value));
      }
    }
  }
}
