/**
 * The L1-vs-L2 lab's predictions and how a run grades them (prompts: content/labs.yaml).
 *
 * Dead zones. Test losses are means over the same L1_VS_L2_TEST_SIZE test points for all three nets, so a
 * difference between two nets is read against the standard error of the per-point differences (the summary's
 * `testLossDifferenceSe`): within TOO_CLOSE_SE standard errors is "too close to call" (about a two-sided 95%
 * interval around zero). Training losses are the loss on the very points each net was fitted to, a property of
 * the fit rather than an estimate, so a difference of gaps (test - train) has the test difference's standard
 * error. Bit-identical nets differ by exactly 0 with a standard error of 0: an exact tie, credited to each.
 */
import { definePrediction, formatMeasure, percent } from "../prediction";
import type { L1VsL2Config } from "./config";
import { L1_VS_L2_NETWORK } from "./experiment";
import type { L1VsL2Summary } from "./summary";

type Config = L1VsL2Config;
type Summary = L1VsL2Summary;

const PENALTIES = [
  { value: "none", label: "No penalty" },
  { value: "l1", label: "L1" },
  { value: "l2", label: "L2" },
] as const;
type Penalty = (typeof PENALTIES)[number]["value"];
const PENALTY_LABEL: Record<Penalty, string> = { none: "no penalty", l1: "L1", l2: "L2" };

/** Differences within this many standard errors are too close to call. */
export const TOO_CLOSE_SE = 2;

/** Weight-matrix entries per net (2 inputs, `depth` hidden layers of `width`, one output). */
const WEIGHT_COUNT =
  2 * L1_VS_L2_NETWORK.width +
  (L1_VS_L2_NETWORK.depth - 1) * L1_VS_L2_NETWORK.width * L1_VS_L2_NETWORK.width +
  L1_VS_L2_NETWORK.width;

const noPenalty = (config: Config): true | string =>
  config.strength > 0 || "with strength 0 no network is penalised: the three train identically";

/** The standard error of the difference in test loss between two nets (null where one diverged). */
function differenceSe(summary: Summary, a: Penalty, b: Penalty): number | null {
  if (a === b) return 0;
  const se = summary.testLossDifferenceSe;
  const pair = [a, b].sort().join(" ");
  if (pair === "l1 none") return se.noneL1;
  if (pair === "l2 none") return se.noneL2;
  return se.l1L2;
}

interface Entry {
  readonly option: Penalty;
  readonly value: number | null;
}

/**
 * The options with the largest value, when the run decides it: every option whose value equals the largest
 * exactly (an exact tie, each credited), or "too-close" when another option is below it by no more than its
 * `margin` from the leader. Options whose value is not finite (a diverged net) take no part.
 */
export function largestBeyondMargin(
  entries: readonly Entry[],
  margin: (leader: Penalty, other: Penalty) => number | null,
): Penalty[] | "too-close" {
  const finite = entries.filter((e): e is { option: Penalty; value: number } => e.value !== null && Number.isFinite(e.value));
  if (finite.length === 0) return [];
  const best = Math.max(...finite.map((e) => e.value));
  const leaders = finite.filter((e) => e.value === best);
  for (const other of finite) {
    if (other.value === best) continue;
    for (const leader of leaders) {
      const m = margin(leader.option, other.option);
      if (m === null || !Number.isFinite(m) || best - other.value <= m) return "too-close";
    }
  }
  return leaders.map((e) => e.option);
}

function penaltyValues(summary: Summary, pick: (v: Summary["none"]) => number | null): Entry[] {
  return PENALTIES.map((p) => ({ option: p.value, value: pick(summary[p.value]) }));
}

/**
 * The shares are counts of weights among WEIGHT_COUNT; the margin is TOO_CLOSE_SE standard errors of a difference
 * of two such shares, sqrt(2 p (1 - p) / n) at their mean p (a two-proportion test). Nets penalised into all
 * zeros tie exactly, and each is credited.
 */
export const moreZeros = definePrediction({
  key: "l1l2-more-zero-weights",
  answer: { kind: "choice", options: PENALTIES },
  taught: () => "l1",
  gradedWhen: noPenalty,
  read(summary: Summary, _config: Config) {
    const shares = penaltyValues(summary, (v) => v.nearZeroShare);
    const accepted = largestBeyondMargin(shares, (a, b) => {
      const pa = summary[a].nearZeroShare;
      const pb = summary[b].nearZeroShare;
      if (pa === null || pb === null) return null;
      const p = (pa + pb) / 2;
      return TOO_CLOSE_SE * Math.sqrt((2 * p * (1 - p)) / WEIGHT_COUNT);
    });
    return {
      accepted,
      measured: `Weights near zero: ${shares.map((s) => `${PENALTY_LABEL[s.option]} ${percent(s.value)}`).join(", ")}.`,
    };
  },
});

function gap(v: Summary["none"]): number | null {
  return v.finalTestLoss === null || v.finalTrainLoss === null ? null : v.finalTestLoss - v.finalTrainLoss;
}

/**
 * The cards teach that an overfitting net is recognised by a test loss far above its training loss and that a
 * penalty (weight decay) narrows that gap: so the unpenalised net ends with the largest gap. Which of L1 and L2
 * ends with the smaller gap is no fact of the cards (a penalty strong enough to underfit has no gap at all), and
 * is not asked.
 */
export const largestGap = definePrediction({
  key: "l1l2-largest-gap",
  answer: { kind: "choice", options: PENALTIES },
  taught: () => "none",
  gradedWhen: noPenalty,
  read(summary: Summary) {
    const gaps = penaltyValues(summary, gap);
    const accepted = largestBeyondMargin(gaps, (a, b) => {
      const se = differenceSe(summary, a, b);
      return se === null ? null : TOO_CLOSE_SE * se;
    });
    return {
      accepted,
      measured: `Test loss minus training loss: ${gaps.map((g) => `${PENALTY_LABEL[g.option]} ${formatMeasure(g.value)}`).join(", ")}${accepted === "too-close" ? " (within two standard errors: too close to call)" : ""}.`,
    };
  },
});

/** At most this many training points count as "few examples" for the 648-weight net. */
export const MAX_FEW_POINTS = 100;
/**
 * Above this strength the penalties squeeze the nets towards a constant (the underfitting that
 * weight-decay-too-strong teaches) rather than smoothing the boundary.
 */
export const MAX_REGULARISING_STRENGTH = 0.01;

/**
 * Both penalised nets end with a test loss below the unpenalised one's, each beyond TOO_CLOSE_SE standard errors
 * of the difference. Graded only where the run exercises the card's fact (noisy labels, few examples, a penalty
 * that regularises rather than flattens): some label noise, at most MAX_FEW_POINTS training points and a
 * strength of at most MAX_REGULARISING_STRENGTH.
 */
export const penaltiesHelpTest = definePrediction({
  key: "l1l2-penalties-lower-test-loss",
  answer: { kind: "boolean" },
  taught: () => true,
  gradedWhen(config: Config) {
    const penalised = noPenalty(config);
    if (penalised !== true) return penalised;
    if (config.noise === 0) return "without label noise there are no noisy points for the unpenalised net to bend around";
    if (config.trainSize > MAX_FEW_POINTS) return `with more than ${MAX_FEW_POINTS} training points the unpenalised net has little room to overfit`;
    if (config.strength > MAX_REGULARISING_STRENGTH) return `above strength ${MAX_REGULARISING_STRENGTH} the penalties flatten the nets (underfitting) rather than smooth them`;
    return true;
  },
  read(summary: Summary) {
    const none = summary.none.finalTestLoss;
    const l1 = summary.l1.finalTestLoss;
    const l2 = summary.l2.finalTestLoss;
    const measured = `Final test loss: no penalty ${formatMeasure(none)}, L1 ${formatMeasure(l1)}, L2 ${formatMeasure(l2)}.`;
    // Each penalised net against the unpenalised one: lower beyond the margin, higher beyond it, or too close.
    const verdicts = (
      [
        [l1, summary.testLossDifferenceSe.noneL1],
        [l2, summary.testLossDifferenceSe.noneL2],
      ] as const
    ).map(([value, se]) => {
      if (value === null) return "higher";
      if (none === null) return "lower";
      if (se === null) return "close";
      const margin = TOO_CLOSE_SE * se;
      if (none - value > margin) return "lower";
      if (value - none > margin || (value === none && se === 0)) return "higher";
      return "close";
    });
    if (verdicts.includes("higher")) return { accepted: [false], measured };
    if (verdicts.includes("close")) return { accepted: "too-close", measured: `${measured} Within two standard errors: too close to call.` };
    return { accepted: [true], measured };
  },
});

export const l1VsL2Predictions = [moreZeros, largestGap, penaltiesHelpTest];
