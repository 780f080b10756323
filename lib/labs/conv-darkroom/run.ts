/**
 * A Conv Darkroom run: the feature maps of the stacked kernel, an occlusion scan by the digit classifier,
 * and the summary that predictions are graded against.
 */
import { DARKROOM_KERNELS } from "./config";
import type { Tf } from "../tf";
import type { DarkroomSummary } from "./summary";
import { type ConvLayer, edgeSelectivity, featureMaps, sharpness } from "./convolve";
import type { DarkroomImageKind, GreyImage } from "./images";
import { KERNEL_PRESETS, type Kernel, presetOf } from "./kernels";
import { type ClassifyFn, type OcclusionScan, occlusionScan, type ScanOptions, strokesVersusBackground } from "./occlusion";
import { compareSharpness } from "./sharpness";

export interface DarkroomRunInput {
  readonly image: GreyImage;
  readonly imageKind: DarkroomImageKind | "drawing";
  readonly kernel: Kernel;
  readonly layers: number;
  readonly relu: boolean;
  /** The picture's digit when it is known (a shipped digit); otherwise the classifier's first choice is tracked. */
  readonly trueDigit: number | null;
  /** Which shipped picture of `trueDigit` it is; null for other pictures and drawings. */
  readonly sample: number | null;
}

export interface DarkroomRun {
  readonly summary: DarkroomSummary;
  readonly maps: GreyImage[];
  readonly scan: OcclusionScan;
}

/** `layers` copies of the kernel, each followed by a ReLU when `relu` is set. */
export function stackLayers(kernel: Kernel, layers: number, relu: boolean): ConvLayer[] {
  if (!Number.isInteger(layers) || layers < 1 || layers > 4) throw new RangeError("layers must be 1 to 4");
  return Array.from({ length: layers }, () => ({ kernel, relu }));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Edge selectivity of every preset (the same for every run; measured, not written down). */
export function presetSelectivity(): DarkroomSummary["edgeSelectivity"] {
  const out: Partial<Record<(typeof DARKROOM_KERNELS)[number], number | null>> = {};
  for (const name of DARKROOM_KERNELS) out[name] = finiteOrNull(edgeSelectivity(KERNEL_PRESETS[name]));
  return out as DarkroomSummary["edgeSelectivity"];
}

/** Index of the largest entry. */
function argMax(values: Float32Array): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] as number)) best = i;
  });
  return best;
}

/** Runs the whole measurement: feature maps, the digit to track, the occlusion scan, the summary. */
export async function runDarkroom(
  tf: Tf,
  classify: ClassifyFn,
  input: DarkroomRunInput,
  scanOptions: ScanOptions = {},
): Promise<DarkroomRun> {
  const maps = await featureMaps(tf, input.image, stackLayers(input.kernel, input.layers, input.relu));
  const last = maps[maps.length - 1] as GreyImage;
  let trueDigit = input.trueDigit;
  if (trueDigit === null) {
    const [probs] = await classify([input.image]);
    trueDigit = probs ? argMax(probs) : 0;
  }
  const scan = await occlusionScan(classify, input.image, trueDigit, scanOptions);
  const split = strokesVersusBackground(scan, input.image);
  const summary: DarkroomSummary = {
    lab: "conv-darkroom",
    steps: scan.positions.length,
    image: input.imageKind,
    sample: input.imageKind === "digit" ? input.sample : null,
    kernel: presetOf(input.kernel) ?? "custom",
    layers: input.layers,
    edgeSelectivity: presetSelectivity(),
    imageSharpness: finiteOrNull(sharpness(input.image)),
    lastSharpness: finiteOrNull(sharpness(last)),
    sharpnessSpread: finiteOrNull(compareSharpness(input.image, last).standardError),
    occlusion: { trueDigit, base: finiteOrNull(scan.baseLogOdds), strokes: split.strokes, background: split.background },
  };
  return { summary, maps, scan };
}
