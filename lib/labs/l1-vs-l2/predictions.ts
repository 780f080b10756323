/** The L1-vs-L2 lab's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, formatMeasure, largest, percent, smallest } from "../prediction";
import type { L1VsL2Config } from "./config";
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

function penaltyValues(summary: Summary, pick: (v: Summary["none"]) => number | null) {
  return PENALTIES.map((p) => ({ option: p.value, value: pick(summary[p.value]) }));
}

export const moreZeros = definePrediction({
  key: "l1l2-more-zero-weights",
  answer: { kind: "choice", options: PENALTIES },
  taught: () => "l1",
  read(summary: Summary, _config: Config) {
    const shares = penaltyValues(summary, (v) => v.nearZeroShare);
    return {
      // Ties count for every network that reaches the largest share.
      accepted: largest(shares),
      measured: `Weights near zero: ${shares.map((s) => `${PENALTY_LABEL[s.option]} ${percent(s.value)}`).join(", ")}.`,
    };
  },
});

function gap(v: Summary["none"]): number | null {
  return v.finalTestLoss === null || v.finalTrainLoss === null ? null : v.finalTestLoss - v.finalTrainLoss;
}

export const smallestGap = definePrediction({
  key: "l1l2-smallest-gap",
  answer: { kind: "choice", options: PENALTIES },
  taught: () => "l2",
  read(summary: Summary) {
    const gaps = penaltyValues(summary, gap);
    return {
      accepted: smallest(gaps),
      measured: `Test loss minus training loss: ${gaps.map((g) => `${PENALTY_LABEL[g.option]} ${formatMeasure(g.value)}`).join(", ")}.`,
    };
  },
});

export const penaltiesHelpTest = definePrediction({
  key: "l1l2-penalties-lower-test-loss",
  answer: { kind: "boolean" },
  taught: () => true,
  read(summary: Summary) {
    const none = summary.none.finalTestLoss;
    const l1 = summary.l1.finalTestLoss;
    const l2 = summary.l2.finalTestLoss;
    const lower = (v: number | null) => v !== null && (none === null || v < none);
    return {
      accepted: [lower(l1) && lower(l2)],
      measured: `Final test loss: no penalty ${formatMeasure(none)}, L1 ${formatMeasure(l1)}, L2 ${formatMeasure(l2)}.`,
    };
  },
});

export const l1VsL2Predictions = [moreZeros, smallestGap, penaltiesHelpTest];
