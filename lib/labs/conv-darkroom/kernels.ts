/**
 * The Conv Darkroom's 3x3 kernels: the presets, parsing what a learner types into the nine cells, and a few
 * facts about a kernel (its sum, whether it is a preset). Plain numbers, no TensorFlow.js.
 *
 * Kernels are row-major, top row first, and applied as deep-learning libraries apply them: as a
 * cross-correlation (the kernel slides over the image unflipped), so out(y, x) = sum_ij k(i, j) in(y+i-1, x+j-1).
 */
import { DARKROOM_KERNELS } from "./config";

export type KernelPreset = (typeof DARKROOM_KERNELS)[number];

/** Nine weights, row-major. */
export type Kernel = readonly number[];

export const KERNEL_SIZE = 3;
export const KERNEL_CELLS = KERNEL_SIZE * KERNEL_SIZE;

/** The presets' weights. */
export const KERNEL_PRESETS: Readonly<Record<KernelPreset, Kernel>> = {
  identity: [0, 0, 0, 0, 1, 0, 0, 0, 0],
  "box-blur": Array.from({ length: 9 }, () => 1 / 9),
  "gaussian-blur": [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16),
  sharpen: [0, -1, 0, -1, 5, -1, 0, -1, 0],
  // Right minus left: positive where brightness rises from left to right, so it finds vertical edges.
  "sobel-x": [-1, 0, 1, -2, 0, 2, -1, 0, 1],
  // Bottom minus top: horizontal edges.
  "sobel-y": [-1, -2, -1, 0, 0, 0, 1, 2, 1],
  // The discrete Laplacian: neighbours minus four times the centre; zero on flat and linear ramps.
  laplacian: [0, 1, 0, 1, -4, 1, 0, 1, 0],
  emboss: [-2, -1, 0, -1, 1, 1, 0, 1, 2],
};

/** Names a person reads. */
export const KERNEL_LABELS: Readonly<Record<KernelPreset, string>> = {
  identity: "Identity",
  "box-blur": "Box blur",
  "gaussian-blur": "Gaussian blur",
  sharpen: "Sharpen",
  "sobel-x": "Sobel x (vertical edges)",
  "sobel-y": "Sobel y (horizontal edges)",
  laplacian: "Laplacian edge",
  emboss: "Emboss",
};

/** The sum of a kernel's weights: its output on a flat region is this times the region's brightness. */
export function kernelSum(kernel: Kernel): number {
  return kernel.reduce((a, b) => a + b, 0);
}

/** The preset whose weights equal `kernel` (within 1e-9), or null for a kernel of the learner's own. */
export function presetOf(kernel: Kernel): KernelPreset | null {
  for (const name of DARKROOM_KERNELS) {
    const preset = KERNEL_PRESETS[name];
    if (preset.every((v, i) => Math.abs(v - (kernel[i] ?? Number.NaN)) < 1e-9)) return name;
  }
  return null;
}

/** The kernel flipped about its main diagonal (rows become columns). */
export function transposeKernel(kernel: Kernel): number[] {
  return Array.from({ length: KERNEL_CELLS }, (_, i) => kernel[(i % KERNEL_SIZE) * KERNEL_SIZE + Math.floor(i / KERNEL_SIZE)] as number);
}

/** Largest magnitude a typed weight may have; keeps four stacked layers finite and drawable. */
export const MAX_WEIGHT = 100;

export type ParsedWeight = { ok: true; value: number } | { ok: false; error: string };

/**
 * Reads one typed weight: a decimal ("-0.5", ".25", "2e-1") or a fraction ("1/9", "-2/16"). Empty text,
 * other text, division by zero and magnitudes above MAX_WEIGHT give an error a learner can act on.
 */
export function parseWeight(text: string): ParsedWeight {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "-" || trimmed === ".") return { ok: false, error: "type a number, such as 1, -0.5 or 1/9" };
  const fraction = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*\/\s*(\d+\.?\d*|\.\d+)$/.exec(trimmed);
  let value: number;
  if (fraction) {
    const denominator = Number(fraction[2]);
    if (denominator === 0) return { ok: false, error: "a fraction cannot divide by zero" };
    value = Number(fraction[1]) / denominator;
  } else if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(trimmed)) {
    value = Number(trimmed);
  } else {
    return { ok: false, error: `"${trimmed}" is not a number; type a number such as 1, -0.5 or 1/9` };
  }
  if (!Number.isFinite(value) || Math.abs(value) > MAX_WEIGHT) {
    return { ok: false, error: `weights must lie between -${MAX_WEIGHT} and ${MAX_WEIGHT}` };
  }
  return { ok: true, value };
}

/** A weight as the editor shows it: short, exact for the presets' fractions where it can be. */
export function formatWeight(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (const d of [9, 16, 8, 4, 3, 2]) {
    const n = value * d;
    if (Math.abs(n - Math.round(n)) < 1e-9) return `${Math.round(n)}/${d}`;
  }
  return String(Number(value.toPrecision(4)));
}
