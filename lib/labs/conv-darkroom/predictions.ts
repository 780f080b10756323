/** The Conv Darkroom's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, formatMeasure, largest } from "../prediction";
import type { ConvDarkroomConfig } from "./config";
import { KERNEL_PRESETS, kernelSum } from "./kernels";
import type { DarkroomSummary } from "./summary";

type Config = ConvDarkroomConfig;
type Summary = DarkroomSummary;

const EDGE_KERNELS = [
  { value: "sobel-x", label: "Sobel x" },
  { value: "sobel-y", label: "Sobel y" },
  { value: "laplacian", label: "Laplacian edge" },
  { value: "sharpen", label: "Sharpen" },
  { value: "emboss", label: "Emboss" },
] as const;

export const verticalEdgeKernel = definePrediction({
  key: "darkroom-vertical-edge-kernel",
  answer: { kind: "choice", options: EDGE_KERNELS },
  taught: () => "sobel-x",
  read(summary: Summary, _config: Config) {
    const values = EDGE_KERNELS.map((k) => ({ option: k.value, label: k.label, value: summary.edgeSelectivity[k.value] }));
    const best = largest(values);
    // Only a kernel that ignores horizontal edges entirely (selectivity 1) answers the question.
    const accepted = best.filter((k) => (values.find((v) => v.option === k)?.value ?? 0) > 0.99);
    return {
      accepted,
      measured: `Vertical minus horizontal edge response, as a share of both: ${values
        .map((v) => `${v.label} ${formatMeasure(v.value)}`)
        .join(", ")} (1 means vertical edges only).`,
    };
  },
});

/** The preset's kernel sums to 0 (Sobel x and y, Laplacian): it outputs 0 on flat regions and responds only at edges. */
function sumsToZero(config: Config): boolean {
  return kernelSum(KERNEL_PRESETS[config.kernel]) === 0;
}

/** A blur (every weight positive, summing to 1), stacked: each layer widens what one output averages over. */
function stackedBlur(config: Config): boolean {
  return (config.kernel === "box-blur" || config.kernel === "gaussian-blur") && config.layers >= 2;
}

/**
 * Log sharpness ratios this close to 0 are the same sharpness up to floating-point rounding (a map equal to the
 * picture, or a multiple of it): only then is "about as sharp" confirmed.
 */
const SAME_WITHIN = 1e-9;
/**
 * A ratio within this many standard errors of 1 is too close to call. The standard error is measured per picture
 * (the block jackknife of sharpness.ts): a log ratio under 3 of them could come from a few blocks of this
 * particular picture (about 0.3% two-sided for a normal estimate), so it says nothing about the kernel.
 */
const SHARPNESS_SES = 3;

export const stackSharpness = definePrediction({
  key: "darkroom-stack-sharpness",
  answer: {
    kind: "choice",
    options: [
      { value: "sharper", label: "Sharper" },
      { value: "blurrier", label: "Blurrier" },
      { value: "same", label: "About as sharp" },
    ],
  },
  taught: (config: Config) =>
    config.kernel === "identity" ? "same" : config.kernel === "box-blur" || config.kernel === "gaussian-blur" ? "blurrier" : "sharper",
  /**
   * Which card a run exercises: a kernel summing to 0 answers only where brightness changes, so its map is an
   * edge map, sharper than the picture (kernel-sum); stacked blurs average over a region that grows by k - 1 = 2
   * pixels a layer, so the map is blurrier (receptive-field). One blur layer, the identity, sharpen and emboss
   * are neither card's fact and grade nothing.
   */
  cardConditions: {
    "convolutional-networks-kernel-sum": sumsToZero,
    "pooling-and-feature-hierarchies-receptive-field": stackedBlur,
  },
  gradedWhen: (config: Config) =>
    sumsToZero(config) || stackedBlur(config)
      ? true
      : "the linked cards are about kernels that sum to zero and about stacked blurs; these settings are neither",
  read(summary: Summary) {
    const before = summary.imageSharpness;
    const after = summary.lastSharpness;
    const spread = summary.sharpnessSpread;
    if (before === null || after === null || before === 0 || after === 0) {
      return { accepted: "too-close", measured: "The sharpness could not be measured (a flat picture or map)." };
    }
    const logRatio = Math.log(after / before);
    const measured = `Sharpness (pixel-to-pixel change over contrast): picture ${formatMeasure(before)}, layer ${summary.layers} ${formatMeasure(after)}, ${formatMeasure(after / before)} times the picture's`;
    if (Math.abs(logRatio) <= SAME_WITHIN) return { accepted: ["same"], measured: `${measured}: exactly as sharp.` };
    const margin = spread === null ? null : SHARPNESS_SES * spread;
    const within = margin === null ? " (this picture's sharpness rests on a single block, so it cannot be compared)" : ` (this picture pins the ratio down to within a factor ${formatMeasure(Math.exp(margin))})`;
    if (margin === null || Math.abs(logRatio) <= margin) {
      return { accepted: "too-close", measured: `${measured}: too close to call${within}.` };
    }
    return { accepted: [logRatio > 0 ? "sharper" : "blurrier"], measured: `${measured}${within}.` };
  },
});

const REGIONS = [
  { value: "strokes", label: "Over the digit's strokes" },
  { value: "background", label: "Over the empty background" },
] as const;

/**
 * Where a patch can hurt most must differ by at least this many nats of the digit's log-odds (odds a factor e,
 * about 2.7, apart) to be graded. The scan is deterministic, so the margin is not for noise: it is the smallest
 * difference in the classifier's evidence worth calling "more"; covering background alone moves the shipped
 * classifier's log-odds by a few hundredths of a nat.
 */
const OCCLUSION_MARGIN_NATS = 1;

export const occlusionRegion = definePrediction({
  key: "darkroom-occlusion-region",
  answer: { kind: "choice", options: REGIONS },
  taught: () => "strokes",
  /**
   * A trained classifier's deep layers respond to object parts (early-vs-deep): hiding part of the digit removes
   * evidence, hiding empty background removes none. Only a digit picture has strokes on a background for the
   * digit classifier to rely on; the face and the checkerboard are not digits, and grade nothing.
   */
  gradedWhen: (config: Config) =>
    config.image === "digit" ? true : "the digit classifier's confidence is about digits: only a digit picture shows which parts of it the classifier relies on",
  read(summary: Summary) {
    const o = summary.occlusion;
    const head = `Log-odds of ${o.trueDigit} on the whole picture: ${formatMeasure(o.base)} nats.`;
    if (o.strokes === null || o.background === null) {
      return {
        accepted: "too-close",
        measured: `${head} ${o.strokes === null ? "No patch position covers the strokes" : "No patch position covers only background"}, so the two cannot be compared.`,
      };
    }
    const difference = o.strokes - o.background;
    const measured = `${head} The most a patch lowers them: over the strokes ${formatMeasure(o.strokes)} nats, over the background ${formatMeasure(o.background)} nats.`;
    if (Math.abs(difference) < OCCLUSION_MARGIN_NATS) {
      return { accepted: "too-close", measured: `${measured} Less than ${OCCLUSION_MARGIN_NATS} nat apart: too close to call.` };
    }
    return { accepted: [difference > 0 ? "strokes" : "background"], measured };
  },
});

export const convDarkroomPredictions = [verticalEdgeKernel, stackSharpness, occlusionRegion];
