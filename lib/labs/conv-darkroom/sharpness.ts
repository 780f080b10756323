/**
 * How much sharper a feature map is than its picture, and how well one picture pins that down.
 *
 * Sharpness (see `sharpness` in convolve.ts) is s = sqrt(D / V): D the mean squared difference between
 * horizontally and vertically neighbouring pixels, V the variance. The lab compares the last map with the
 * picture by the log ratio log(s_map / s_picture). How far that number can be trusted depends on the picture: a
 * digit's strokes fill a few blocks of an otherwise black image, so a handful of blocks decide it. The spread is
 * measured, per picture, with the delete-a-group jackknife over 8x8 blocks (Efron and Tibshirani, An
 * Introduction to the Bootstrap, ch. 11): the log ratio is recomputed with each block left out (its pixels and
 * the neighbour pairs that start in it), and
 *
 *     SE = sqrt((B - 1) / B * sum_b (theta_(-b) - mean theta_(-))^2),   B the number of blocks.
 *
 * Both maps lose the same block each time, so the SE measures how much the answer rests on a few places of this
 * picture, not the (exactly reproducible) arithmetic. No TensorFlow.js here.
 */
import type { GreyImage } from "./images";

/** Side of the jackknife's blocks: 64 blocks on the 64x64 pictures. */
export const JACKKNIFE_BLOCK = 8;

interface Totals {
  /** Pixel count, sum and sum of squares. */
  n: number;
  s1: number;
  s2: number;
  /** Neighbour-pair count and sum of squared differences. */
  pairs: number;
  d2: number;
}

const zero = (): Totals => ({ n: 0, s1: 0, s2: 0, pairs: 0, d2: 0 });

/** Per block (row-major over blocks) totals of one image; each neighbour pair belongs to the block of its first pixel. */
function blockTotals(image: GreyImage, block: number): Totals[] {
  const n = image.size;
  const per = Math.ceil(n / block);
  const totals = Array.from({ length: per * per }, zero);
  const p = image.pixels;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const t = totals[Math.floor(y / block) * per + Math.floor(x / block)] as Totals;
      const v = p[y * n + x] as number;
      t.n += 1;
      t.s1 += v;
      t.s2 += v * v;
      if (x + 1 < n) {
        t.d2 += ((p[y * n + x + 1] as number) - v) ** 2;
        t.pairs += 1;
      }
      if (y + 1 < n) {
        t.d2 += ((p[(y + 1) * n + x] as number) - v) ** 2;
        t.pairs += 1;
      }
    }
  }
  return totals;
}

function add(a: Totals, b: Totals, sign: 1 | -1): Totals {
  return { n: a.n + sign * b.n, s1: a.s1 + sign * b.s1, s2: a.s2 + sign * b.s2, pairs: a.pairs + sign * b.pairs, d2: a.d2 + sign * b.d2 };
}

/** log sharpness from totals: 0.5 (log D - log V); NaN for a flat image. */
function logSharpness(t: Totals): number {
  const mean = t.s1 / t.n;
  const variance = t.s2 / t.n - mean * mean;
  if (!(variance > 1e-18) || !(t.d2 > 0)) return Number.NaN;
  return 0.5 * (Math.log(t.d2 / t.pairs) - Math.log(variance));
}

export interface SharpnessComparison {
  /** log(s_map / s_picture); NaN when either is flat. */
  readonly logRatio: number;
  /** Its jackknife standard error over blocks; NaN when a leave-one-out image is flat. */
  readonly standardError: number;
}

/** The log sharpness ratio of `map` over `picture` (same size) and its block-jackknife standard error. */
export function compareSharpness(picture: GreyImage, map: GreyImage, block: number = JACKKNIFE_BLOCK): SharpnessComparison {
  if (picture.size !== map.size) throw new RangeError("the map and the picture differ in size");
  const before = blockTotals(picture, block);
  const after = blockTotals(map, block);
  const totalBefore = before.reduce((a, b) => add(a, b, 1), zero());
  const totalAfter = after.reduce((a, b) => add(a, b, 1), zero());
  const logRatio = logSharpness(totalAfter) - logSharpness(totalBefore);
  const leaveOneOut = before.map((b, i) => logSharpness(add(totalAfter, after[i] as Totals, -1)) - logSharpness(add(totalBefore, b, -1)));
  const count = leaveOneOut.length;
  const mean = leaveOneOut.reduce((a, v) => a + v, 0) / count;
  const spread = leaveOneOut.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { logRatio, standardError: Math.sqrt(((count - 1) / count) * spread) };
}
