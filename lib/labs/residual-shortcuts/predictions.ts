/** The residual-shortcuts lab's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, formatMeasure } from "../prediction";
import type { ResidualShortcutsConfig } from "./config";
import { meanInterval } from "./margins";
import type { ResidualSummary } from "./summary";

type Config = ResidualShortcutsConfig;
type Summary = ResidualSummary;

/**
 * Fewer hidden layers than this and a plain net is not deep enough to degrade: it can train as well as the
 * residual one, and neither prediction tests the shortcut.
 */
export const MIN_GRADED_DEPTH = 20;

/**
 * Where a plain net's first-layer gradient vanishes by orders of magnitude, so that "at least 10 times larger"
 * is a stable consequence of the shortcut: sigmoid (derivative at most 1/4; measured 1e17 to 1e19 times smaller
 * than the residual net's at 30 layers), small weights (1e12 and more), or tanh with large weights (saturated).
 * With tanh and Xavier or He initialization the plain gradient fades only about tenfold at 30 to 40 layers
 * (measured 5 to 150 times smaller over seeds), and with ReLU and He, Xavier or large initialization it need not
 * fade at all: there the comparison is not graded.
 */
export function plainGradientVanishes(config: Config): boolean {
  return config.activation === "sigmoid" || config.init === "small" || (config.activation === "tanh" && config.init === "large");
}

function deepEnough(config: Config): true | string {
  return config.depth >= MIN_GRADED_DEPTH
    ? true
    : `with fewer than ${MIN_GRADED_DEPTH} hidden layers the plain net can train as well as the residual one, so this run does not test the shortcut`;
}

/**
 * Where a deep plain net degrades: it has a vanishing gradient (above), or tanh, whose plain nets ended above
 * the residual ones in every seed measured at 20 to 40 layers. A plain ReLU net with He, Xavier or large
 * initialization can train well at these depths (at 20 layers some seeds' plain nets ended below the residual
 * ones), so there the loss comparison is not graded.
 */
export function plainNetDegrades(config: Config): boolean {
  return plainGradientVanishes(config) || config.activation === "tanh";
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * "Will the residual net end with a lower training loss?" Read on the losses of the last epoch's minibatches,
 * before each step's update: both nets see the same batches, so the paired differences d_b = plain_b - residual_b
 * are compared. Margin: the 95% confidence interval of their mean (Student's t over the batches). The residual
 * net's loss is lower when the interval lies above 0, higher when below, and the run is too close to call when
 * the interval contains 0 (the nets' losses differ by no more than the batch-to-batch noise). A net whose loss
 * diverged (not finite) has the higher loss.
 */
export const residualLossLower = definePrediction({
  key: "residual-loss-lower",
  answer: { kind: "boolean" },
  taught: () => true,
  gradedWhen(config: Config) {
    const deep = deepEnough(config);
    if (deep !== true) return deep;
    return plainNetDegrades(config)
      ? true
      : "a plain ReLU net with this initialization can train as well as the residual one at these depths, so the loss comparison does not test the shortcut (try sigmoid, tanh, or small initial weights)";
  },
  read(summary: Summary, _config: Config) {
    const { plain, residual } = summary.lastEpochLosses;
    const diverged = (losses: readonly (number | null)[]) => losses.some((l) => l === null);
    if (diverged(plain) || diverged(residual)) {
      const measured = `Final training loss: residual ${formatMeasure(summary.residual.finalTrainLoss)}, plain ${formatMeasure(summary.plain.finalTrainLoss)}.`;
      if (diverged(plain) && diverged(residual)) return { accepted: "too-close", measured: `Both networks diverged. ${measured}` };
      return { accepted: [diverged(plain)], measured };
    }
    const p = plain as number[];
    const r = residual as number[];
    const gap = meanInterval(p.map((v, i) => v - (r[i] as number)));
    const measured =
      `Mean training loss over the last ${gap.count} minibatches: residual ${formatMeasure(mean(r))}, ` +
      `plain ${formatMeasure(mean(p))} (plain minus residual ${formatMeasure(gap.mean)} ± ${formatMeasure(gap.halfWidth)}, 95% interval).`;
    if (gap.mean === 0 && gap.halfWidth === 0) return { accepted: [false], measured };
    if (gap.mean - gap.halfWidth > 0) return { accepted: [true], measured };
    if (gap.mean + gap.halfWidth < 0) return { accepted: [false], measured };
    return { accepted: "too-close", measured };
  },
});

/** RMS gradients below this are taken as this (a first layer that gets no gradient at all, e.g. dead ReLUs). */
const RMS_FLOOR = 1e-30;
const BANDS = [
  { value: "residual-larger", low: 1, high: Number.POSITIVE_INFINITY },
  { value: "similar", low: -1, high: 1 },
  { value: "plain-larger", low: Number.NEGATIVE_INFINITY, high: -1 },
] as const;

/**
 * "How does the first layer's gradient compare, residual vs plain?" Read where gradient flow decides whether a
 * deep net trains at all, at the start: on each of the first minibatches (EARLY_STEPS), the log10 ratio of the
 * per-entry RMS of the two nets' first-layer weight gradients (the same shape in both, so the ratio is
 * size-fair). Margin: the 95% confidence interval of the mean log ratio over those minibatches (Student's t).
 * An answer band (at least 10x larger: log ratio >= 1; within 10x: -1..1; at least 10x smaller: <= -1) is
 * confirmed when it holds the whole interval; an interval across a band edge is too close to call.
 */
export const residualFirstLayer = definePrediction({
  key: "residual-first-layer-gradient",
  answer: {
    kind: "choice",
    options: [
      { value: "residual-larger", label: "At least 10 times larger" },
      { value: "similar", label: "Within a factor of 10" },
      { value: "plain-larger", label: "At least 10 times smaller" },
      { value: "non-finite", label: "A gradient blows up (not a finite number)" },
    ],
  },
  taught: () => "residual-larger",
  gradedWhen(config: Config) {
    const deep = deepEnough(config);
    if (deep !== true) return deep;
    return plainGradientVanishes(config)
      ? true
      : "at these settings the plain net's gradient fades by about tenfold or not at all, so a tenfold comparison does not test the shortcut (try sigmoid, or small initial weights)";
  },
  read(summary: Summary) {
    const { plain, residual } = summary.earlyFirstLayerRms;
    if (plain.length === 0 || plain.some((v) => v === null) || residual.some((v) => v === null)) {
      return { accepted: ["non-finite"], measured: "A first-layer gradient in the first steps was not a finite number (the run diverged)." };
    }
    const p = plain as number[];
    const r = residual as number[];
    const logRatios = p.map((v, i) => Math.log10(Math.max(r[i] as number, RMS_FLOOR) / Math.max(v, RMS_FLOOR)));
    const ratio = meanInterval(logRatios);
    const low = ratio.mean - ratio.halfWidth;
    const high = ratio.mean + ratio.halfWidth;
    const measured =
      `First-layer gradient RMS over the first ${ratio.count} steps: residual ${formatMeasure(geometricMean(r))}, ` +
      `plain ${formatMeasure(geometricMean(p))}; residual / plain ${formatMeasure(10 ** ratio.mean)} ` +
      `(95% interval ${formatMeasure(10 ** low)} to ${formatMeasure(10 ** high)}).`;
    const accepted = BANDS.filter((b) => low >= b.low && high <= b.high).map((b) => b.value);
    return accepted.length > 0 ? { accepted, measured } : { accepted: "too-close", measured };
  },
});

function geometricMean(values: readonly number[]): number {
  return 10 ** mean(values.map((v) => Math.log10(Math.max(v, RMS_FLOOR))));
}

export const residualShortcutsPredictions = [residualLossLower, residualFirstLayer];
