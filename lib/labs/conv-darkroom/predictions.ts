/** The Conv Darkroom's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, formatMeasure, largest, percent } from "../prediction";
import type { ConvDarkroomConfig } from "./config";
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

/** Ratios of last-map to picture sharpness beyond which the map counts as sharper or blurrier. */
const SHARPER = 1.15;
const BLURRIER = 1 / 1.15;

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
  read(summary: Summary) {
    const before = summary.imageSharpness;
    const after = summary.lastSharpness;
    if (before === null || after === null || before === 0) {
      return { accepted: [], measured: "The sharpness could not be measured (a flat picture or map)." };
    }
    const ratio = after / before;
    const band = ratio >= SHARPER ? "sharper" : ratio <= BLURRIER ? "blurrier" : "same";
    return {
      accepted: [band],
      measured: `Sharpness (pixel-to-pixel change over contrast): picture ${formatMeasure(before)}, layer ${summary.layers} ${formatMeasure(after)}, ${formatMeasure(ratio)} times the picture's.`,
    };
  },
});

const BANDS = [
  { value: "top", label: "The top third" },
  { value: "middle", label: "The middle third" },
  { value: "bottom", label: "The bottom third" },
] as const;

export const occlusionBand = definePrediction({
  key: "darkroom-occlusion-region",
  answer: { kind: "choice", options: BANDS },
  taught: () => "middle",
  read(summary: Summary) {
    const o = summary.occlusion;
    return {
      accepted: largest(BANDS.map((b) => ({ option: b.value, value: o[b.value] }))),
      measured: `Probability of ${o.trueDigit} on the whole picture: ${percent(o.base)}. Mean fall with the patch in the top third ${formatMeasure(o.top)}, middle ${formatMeasure(o.middle)}, bottom ${formatMeasure(o.bottom)}.`,
    };
  },
});

export const convDarkroomPredictions = [verticalEdgeKernel, stackSharpness, occlusionBand];
