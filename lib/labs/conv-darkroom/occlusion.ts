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

/** The result of a scan. */
export interface OcclusionScan {
  readonly trueDigit: number;
  /** Probability of the true digit on the whole image. */
  readonly base: number;
  readonly patch: number;
  readonly positions: readonly PatchPosition[];
  /** base minus the probability with the patch at each position (positive: covering there hurts). */
  readonly drops: Float32Array;
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
  const drops = new Float32Array(positions.length);
  for (let start = 0; start < positions.length; start += chunk) {
    options.signal?.throwIfAborted();
    const batch = positions.slice(start, start + chunk).map((p) => occlude(image, p, patch, options.fill ?? PATCH_FILL));
    const probs = await classify(batch);
    probs.forEach((p, k) => {
      drops[start + k] = base - (p[trueDigit] as number);
    });
    options.onProgress?.(Math.min(1, (start + batch.length) / positions.length));
    if (options.yieldToEvents && start + chunk < positions.length) await options.yieldToEvents();
  }
  return { trueDigit, base, patch, positions, drops, heat: heatMap(image.size, positions, drops, patch) };
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

export const BANDS = ["top", "middle", "bottom"] as const;
export type Band = (typeof BANDS)[number];

/** Which third of the image (top, middle, bottom) a patch's centre lies in. */
export function bandOf(position: PatchPosition, imageSize: number, patch: number): Band {
  const centre = position.y + patch / 2;
  return centre < imageSize / 3 ? "top" : centre < (2 * imageSize) / 3 ? "middle" : "bottom";
}

/** The mean drop over the positions in each third of the image. */
export function bandDrops(scan: OcclusionScan, imageSize: number): Record<Band, number> {
  const sums: Record<Band, number> = { top: 0, middle: 0, bottom: 0 };
  const counts: Record<Band, number> = { top: 0, middle: 0, bottom: 0 };
  scan.positions.forEach((p, k) => {
    const band = bandOf(p, imageSize, scan.patch);
    sums[band] += scan.drops[k] as number;
    counts[band] += 1;
  });
  return { top: sums.top / counts.top, middle: sums.middle / counts.middle, bottom: sums.bottom / counts.bottom };
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
  inkLevel = 0.2,
  backgroundLevel = 0.02,
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

/** The `k` most probable digits, most probable first. */
export function topClasses(probabilities: Float32Array, k = 3): { digit: number; probability: number }[] {
  return Array.from(probabilities, (probability, digit) => ({ digit, probability }))
    .sort((a, b) => b.probability - a.probability || a.digit - b.digit)
    .slice(0, k);
}
