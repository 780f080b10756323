/**
 * Occlusion saliency (Zeiler & Fergus 2014): cover part of the image with a patch and see how much
 * the classifier's probability of the true class falls. Scanning the patch over every position paints a
 * map of the regions the classifier relies on. The classifier is behind `ClassifyFn`, so tests can use a
 * plain function and the page the shipped network.
 */
import type { GreyImage } from "./images";

/** Side of the square patch, in image pixels. */
export const PATCH_SIZE = 12;
/** Pixels between neighbouring scan positions. */
export const SCAN_STRIDE = 4;
/**
 * The patch's grey level: black, the digits' background, so the patch erases what it covers. (A mid-grey
 * patch, usual for photographs, still reads as ink to a digit classifier and hides almost nothing.)
 */
export const PATCH_FILL = 0;
/** Images per classifier call during a scan (one chunk of work between yields to the page). */
export const SCAN_CHUNK = 28;

/** Top-left corner of the patch, in pixels. */
export interface PatchPosition {
  readonly x: number;
  readonly y: number;
}

/** Probabilities over the digits 0-9 for each image. */
export type ClassifyFn = (images: readonly GreyImage[]) => Promise<Float32Array[]>;

/** Moves a patch position inside the image (whole pixels). */
export function clampPatch(position: PatchPosition, imageSize: number, patch: number = PATCH_SIZE): PatchPosition {
  const max = imageSize - patch;
  const clamp = (v: number) => Math.max(0, Math.min(max, Math.round(v)));
  return { x: clamp(position.x), y: clamp(position.y) };
}

/** A copy of `image` with the patch at `position` filled with `fill`. */
export function occlude(
  image: GreyImage,
  position: PatchPosition,
  patch: number = PATCH_SIZE,
  fill: number = PATCH_FILL,
): GreyImage {
  const n = image.size;
  const { x, y } = clampPatch(position, n, patch);
  const pixels = Float32Array.from(image.pixels);
  for (let row = y; row < y + patch; row++) pixels.fill(fill, row * n + x, row * n + x + patch);
  return { size: n, pixels };
}

/** The patch positions of a scan, row by row: 0, stride, ... up to and including size - patch. */
export function scanPositions(imageSize: number, patch: number = PATCH_SIZE, stride: number = SCAN_STRIDE): PatchPosition[] {
  const max = imageSize - patch;
  if (max < 0) throw new RangeError("the patch is larger than the image");
  const steps: number[] = [];
  for (let v = 0; v < max; v += stride) steps.push(v);
  steps.push(max);
  return steps.flatMap((y) => steps.map((x) => ({ x, y })));
}

/**
 * The classifier's log-odds for `digit`: log p - log(sum of the other probabilities), the evidence for the digit
 * in nats. The others are summed (not 1 - p), so a confident p near 1 keeps its precision; both terms are floored
 * at 1e-30, so the log-odds stay within about +-69 nats.
 */
export function logOdds(probabilities: Float32Array, digit: number): number {
  let rest = 0;
  probabilities.forEach((p, d) => {
    if (d !== digit) rest += p;
  });
  const p = (probabilities[digit] as number | undefined) ?? Number.NaN;
  return Math.log(Math.max(p, 1e-30)) - Math.log(Math.max(rest, 1e-30));
}

/** The result of a scan. */
export interface OcclusionScan {
  readonly trueDigit: number;
  /** Probability of the true digit on the whole image. */
  readonly base: number;
  /** Its log-odds on the whole image (see `logOdds`). */
  readonly baseLogOdds: number;
  readonly patch: number;
  readonly positions: readonly PatchPosition[];
  /** base minus the probability with the patch at each position (positive: covering there hurts). */
  readonly drops: Float32Array;
  /** baseLogOdds minus the log-odds with the patch at each position, in nats. */
  readonly logOddsFalls: Float64Array;
  /** Per pixel, the mean drop over the positions whose patch covers it: the saliency map. */
  readonly heat: GreyImage;
}

export interface ScanOptions {
  readonly patch?: number;
  readonly stride?: number;
  readonly fill?: number;
  readonly chunk?: number;
  /** Called after each chunk with the share done (0-1). */
  readonly onProgress?: (done: number) => void;
  /** Gives the page a turn between chunks; default none. */
  readonly yieldToEvents?: () => Promise<void>;
  /** Checked between chunks; a scan that is no longer wanted stops with an AbortError. */
  readonly signal?: AbortSignal;
}

/** Runs the patch over the whole image and measures how much the true digit's probability drops at each place. */
export async function occlusionScan(
  classify: ClassifyFn,
  image: GreyImage,
  trueDigit: number,
  options: ScanOptions = {},
): Promise<OcclusionScan> {
  const patch = options.patch ?? PATCH_SIZE;
  const positions = scanPositions(image.size, patch, options.stride ?? SCAN_STRIDE);
  const chunk = options.chunk ?? SCAN_CHUNK;
  const [whole] = await classify([image]);
  const base = (whole?.[trueDigit] as number | undefined) ?? Number.NaN;
  const baseLogOdds = whole ? logOdds(whole, trueDigit) : Number.NaN;
  const drops = new Float32Array(positions.length);
  const logOddsFalls = new Float64Array(positions.length);
  for (let start = 0; start < positions.length; start += chunk) {
    options.signal?.throwIfAborted();
    const batch = positions.slice(start, start + chunk).map((p) => occlude(image, p, patch, options.fill ?? PATCH_FILL));
    const probs = await classify(batch);
    probs.forEach((p, k) => {
      drops[start + k] = base - (p[trueDigit] as number);
      logOddsFalls[start + k] = baseLogOdds - logOdds(p, trueDigit);
    });
    options.onProgress?.(Math.min(1, (start + batch.length) / positions.length));
    if (options.yieldToEvents && start + chunk < positions.length) await options.yieldToEvents();
  }
  return { trueDigit, base, baseLogOdds, patch, positions, drops, logOddsFalls, heat: heatMap(image.size, positions, drops, patch) };
}

/** Spreads each position's drop over the pixels its patch covers and averages per pixel. */
export function heatMap(size: number, positions: readonly PatchPosition[], drops: Float32Array, patch: number): GreyImage {
  const sum = new Float32Array(size * size);
  const count = new Float32Array(size * size);
  positions.forEach(({ x, y }, k) => {
    for (let row = y; row < y + patch; row++) {
      for (let col = x; col < x + patch; col++) {
        sum[row * size + col] = (sum[row * size + col] as number) + (drops[k] as number);
        count[row * size + col] = (count[row * size + col] as number) + 1;
      }
    }
  });
  return { size, pixels: Float32Array.from(sum, (s, i) => ((count[i] as number) > 0 ? s / (count[i] as number) : 0)) };
}

/** Mean brightness under the patch at `position`. */
export function coveredInk(image: GreyImage, position: PatchPosition, patch: number): number {
  let sum = 0;
  for (let row = position.y; row < position.y + patch; row++) {
    for (let col = position.x; col < position.x + patch; col++) sum += image.pixels[row * image.size + col] as number;
  }
  return sum / (patch * patch);
}

/**
 * Mean drop where the patch covers the strokes (mean brightness under it at least `inkLevel`) and where it
 * covers only background (below `backgroundLevel`); null when no position qualifies.
 */
export function inkVersusBackground(
  scan: OcclusionScan,
  image: GreyImage,
  inkLevel = STROKE_LEVEL,
  backgroundLevel = BACKGROUND_LEVEL,
): { ink: number | null; background: number | null } {
  let ink = 0;
  let inkCount = 0;
  let background = 0;
  let backgroundCount = 0;
  scan.positions.forEach((p, k) => {
    const covered = coveredInk(image, p, scan.patch);
    if (covered >= inkLevel) {
      ink += scan.drops[k] as number;
      inkCount++;
    } else if (covered < backgroundLevel) {
      background += scan.drops[k] as number;
      backgroundCount++;
    }
  });
  return { ink: inkCount > 0 ? ink / inkCount : null, background: backgroundCount > 0 ? background / backgroundCount : null };
}

/** Mean brightness under the patch from which a position counts as covering the strokes. */
export const STROKE_LEVEL = 0.2;
/** Mean brightness under the patch below which a position covers only background (about 5 of 255 grey levels). */
export const BACKGROUND_LEVEL = 0.02;

/**
 * The largest fall of the true digit's log-odds (nats) with the patch over the strokes (mean brightness under it
 * at least STROKE_LEVEL) and with it over background only (below BACKGROUND_LEVEL): where a patch can hurt the
 * classifier's confidence most. Null when no position qualifies (a picture with no dark background). The
 * positions in between (the rims of the strokes) count for neither.
 */
export function strokesVersusBackground(scan: OcclusionScan, image: GreyImage): { strokes: number | null; background: number | null } {
  let strokes = Number.NEGATIVE_INFINITY;
  let background = Number.NEGATIVE_INFINITY;
  scan.positions.forEach((p, k) => {
    const covered = coveredInk(image, p, scan.patch);
    const fall = scan.logOddsFalls[k] as number;
    if (covered >= STROKE_LEVEL) strokes = Math.max(strokes, fall);
    else if (covered < BACKGROUND_LEVEL) background = Math.max(background, fall);
  });
  const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);
  return { strokes: finiteOrNull(strokes), background: finiteOrNull(background) };
}

/** The `k` most probable digits, most probable first. */
export function topClasses(probabilities: Float32Array, k = 3): { digit: number; probability: number }[] {
  return Array.from(probabilities, (probability, digit) => ({ digit, probability }))
    .sort((a, b) => b.probability - a.probability || a.digit - b.digit)
    .slice(0, k);
}
