import { describe, expect, test } from "vitest";

import { defaultLabConfig, type LabKey } from "@/lib/labs/configs";
import type { L1VsL2Summary, ResidualSummary, VanishingSummary } from "@/lib/labs/metrics";
import { findPrediction, formatMeasure, gradePredictions, labPredictions, PREDICTION_KEYS } from "@/lib/labs/predictions";

function vanishing(gradNorms: (number | null)[], finalTrainLoss: number | null = 0.69): VanishingSummary {
  return {
    lab: "vanishing-gradients",
    steps: 300,
    net: { initialTrainLoss: 0.7, finalTrainLoss, finalTestAccuracy: 0.5, gradNorms },
  };
}

function residual(plain: [number | null, number | null], res: [number | null, number | null]): ResidualSummary {
  const net = ([firstNorm, loss]: [number | null, number | null]) => ({
    initialTrainLoss: 0.7,
    finalTrainLoss: loss,
    finalTestAccuracy: 0.5,
    gradNorms: [firstNorm, 0.5, 0.5],
  });
  return { lab: "residual-shortcuts", steps: 300, plain: net(plain), residual: net(res) };
}

type Se = L1VsL2Summary["testLossDifferenceSe"];

function penalties(values: Record<"none" | "l1" | "l2", [number, number, number]>, se: Partial<Se> = {}): L1VsL2Summary {
  const net = ([finalTrainLoss, finalTestLoss, nearZeroShare]: [number, number, number]) => ({
    finalTrainLoss,
    finalTestLoss,
    nearZeroShare,
  });
  return {
    lab: "l1-vs-l2",
    steps: 600,
    none: net(values.none),
    l1: net(values.l1),
    l2: net(values.l2),
    testLossDifferenceSe: { noneL1: 0.02, noneL2: 0.02, l1L2: 0.02, ...se },
  };
}

function grade(lab: LabKey, key: string, answer: unknown, summary: unknown) {
  const result = gradePredictions(lab, summary, defaultLabConfig(lab), { [key]: answer });
  if (!result.ok) throw new Error(result.error);
  const [outcome] = result.graded;
  if (!outcome) throw new Error("nothing graded");
  return outcome;
}

describe("prediction catalogue", () => {
  test("each lab has one to three predictions with unique keys and well-formed answers", () => {
    for (const list of Object.values(labPredictions)) {
      expect(list.length).toBeGreaterThanOrEqual(1);
      expect(list.length).toBeLessThanOrEqual(3);
      for (const p of list) {
        expect(p.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        if (p.answer.kind === "choice") expect(new Set(p.answer.options.map((o) => o.value)).size).toBe(p.answer.options.length);
      }
    }
    expect(new Set(PREDICTION_KEYS).size).toBe(PREDICTION_KEYS.length);
    expect(findPrediction("l1-vs-l2", "l1l2-largest-gap")?.key).toBe("l1l2-largest-gap");
    expect(findPrediction("vanishing-gradients", "l1l2-largest-gap")).toBeUndefined();
  });
});

describe("vanishing-gradients predictions", () => {
  test("the smallest gradient is the argmin over layers", () => {
    const summary = vanishing([1e-9, 1e-6, 1e-3, 1e-1]);
    expect(grade("vanishing-gradients", "vanishing-smallest-gradient-layer", "first", summary).verdict).toBe("confirmed");
    expect(grade("vanishing-gradients", "vanishing-smallest-gradient-layer", "last", summary).verdict).toBe("refuted");
    const middle = vanishing([0.3, 0.01, 0.2, 0.5]);
    const outcome = grade("vanishing-gradients", "vanishing-smallest-gradient-layer", "middle", middle);
    expect(outcome).toEqual({
      key: "vanishing-smallest-gradient-layer",
      verdict: "confirmed",
      measured: "The smallest gradient norm was at layer 2 of 4: 0.01, against 0.5 at the output layer.",
    });
    expect(grade("vanishing-gradients", "vanishing-smallest-gradient-layer", "last", vanishing([0.3, 0.2, 0.1])).verdict).toBe("confirmed");
  });

  test("diverged layers (null) are skipped, and an all-diverged run confirms nothing", () => {
    expect(grade("vanishing-gradients", "vanishing-smallest-gradient-layer", "middle", vanishing([null, 0.1, 0.2])).verdict).toBe("confirmed");
    for (const answer of ["first", "middle", "last"]) {
      expect(grade("vanishing-gradients", "vanishing-smallest-gradient-layer", answer, vanishing([null, null])).verdict).toBe("refuted");
    }
  });

  test("the ratio bands split at 10 and 1,000, and an underflowed first layer is over 1,000", () => {
    const band = (norms: number[], answer: string) =>
      grade("vanishing-gradients", "vanishing-gradient-ratio", answer, vanishing(norms)).verdict === "confirmed";
    expect(band([0.1, 0.5], "under-10")).toBe(true);
    expect(band([0.01, 0.5], "10-to-1000")).toBe(true);
    expect(band([0.0001, 0.5], "over-1000")).toBe(true);
    expect(band([0.0001, 0.5], "10-to-1000")).toBe(false);
    expect(band([0, 0.5], "over-1000")).toBe(true);
  });

  test("loss below 0.5 is judged on the final loss; a diverged loss did not fall", () => {
    const key = "vanishing-loss-below-half";
    expect(grade("vanishing-gradients", key, true, vanishing([1, 1], 0.2)).verdict).toBe("confirmed");
    expect(grade("vanishing-gradients", key, false, vanishing([1, 1], 0.2)).verdict).toBe("refuted");
    expect(grade("vanishing-gradients", key, false, vanishing([1, 1], 0.69)).verdict).toBe("confirmed");
    expect(grade("vanishing-gradients", key, false, vanishing([1, 1], null)).verdict).toBe("confirmed");
    expect(grade("vanishing-gradients", key, true, vanishing([1, 1], 0.2)).measured).toBe(
      "The training loss went from 0.7 to 0.2 in 300 steps.",
    );
  });
});

describe("residual-shortcuts predictions", () => {
  test("residual loss lower", () => {
    expect(grade("residual-shortcuts", "residual-loss-lower", true, residual([1e-6, 0.69], [0.1, 0.05])).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", "residual-loss-lower", true, residual([1e-6, 0.2], [0.1, 0.3])).verdict).toBe("refuted");
    expect(grade("residual-shortcuts", "residual-loss-lower", false, residual([1e-6, 0.2], [0.1, null])).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", "residual-loss-lower", true, residual([1e-6, null], [0.1, 3])).verdict).toBe("confirmed");
  });

  test("first-layer gradient comparison in factors of 10", () => {
    const key = "residual-first-layer-gradient";
    expect(grade("residual-shortcuts", key, "residual-larger", residual([1e-6, 0.69], [0.1, 0.05])).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", key, "similar", residual([0.05, 0.69], [0.1, 0.05])).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", key, "plain-larger", residual([2, 0.69], [0.1, 0.05])).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", key, "similar", residual([2, 0.69], [0.1, 0.05])).verdict).toBe("refuted");
  });
});

describe("l1-vs-l2 predictions", () => {
  const typical = penalties({ none: [0.05, 1.1, 0.0], l1: [0.2, 0.55, 0.9], l2: [0.18, 0.5, 0.01] });
  const atStrength = (strength: number) => ({ ...defaultLabConfig("l1-vs-l2"), strength });
  function gradeAt(config: ReturnType<typeof atStrength>, key: string, answer: unknown, summary: L1VsL2Summary) {
    const result = gradePredictions("l1-vs-l2", summary, config, { [key]: answer });
    if (!result.ok) throw new Error(result.error);
    return result.graded[0]?.verdict;
  }

  test("more zero weights is the largest near-zero share beyond two standard errors of a share of 648 weights", () => {
    expect(grade("l1-vs-l2", "l1l2-more-zero-weights", "l1", typical)).toEqual({
      key: "l1l2-more-zero-weights",
      verdict: "confirmed",
      measured: "Weights near zero: no penalty 0%, L1 90%, L2 1%.",
    });
    expect(grade("l1-vs-l2", "l1l2-more-zero-weights", "l2", typical).verdict).toBe("refuted");
    // 2 sqrt(2 p (1 - p) / 648) is about 0.056 at p = 0.5: 52% against 48% is too close, 60% against 40% is not.
    const near = penalties({ none: [0.05, 1.1, 0], l1: [0.2, 0.6, 0.52], l2: [0.2, 0.6, 0.48] });
    expect(grade("l1-vs-l2", "l1l2-more-zero-weights", "l1", near).verdict).toBe("too-close");
    const apart = penalties({ none: [0.05, 1.1, 0], l1: [0.2, 0.6, 0.6], l2: [0.2, 0.6, 0.4] });
    expect(grade("l1-vs-l2", "l1l2-more-zero-weights", "l1", apart).verdict).toBe("confirmed");
  });

  test("exact ties credit every tied option", () => {
    // A strong penalty zeroes both penalised nets.
    const collapsed = penalties({ none: [0.05, 1.1, 0], l1: [0.69, 0.69, 1], l2: [0.69, 0.69, 1] }, { l1L2: 0 });
    expect(grade("l1-vs-l2", "l1l2-more-zero-weights", "l1", collapsed).verdict).toBe("confirmed");
    expect(grade("l1-vs-l2", "l1l2-more-zero-weights", "l2", collapsed).verdict).toBe("confirmed");
    expect(grade("l1-vs-l2", "l1l2-more-zero-weights", "none", collapsed).verdict).toBe("refuted");
    // Two bit-identical nets with the largest gap.
    const twins = penalties({ none: [0.05, 1.1, 0], l1: [0.05, 1.1, 0], l2: [0.3, 0.6, 0.01] }, { noneL1: 0 });
    expect(grade("l1-vs-l2", "l1l2-largest-gap", "none", twins).verdict).toBe("confirmed");
    expect(grade("l1-vs-l2", "l1l2-largest-gap", "l1", twins).verdict).toBe("confirmed");
    expect(grade("l1-vs-l2", "l1l2-largest-gap", "l2", twins).verdict).toBe("refuted");
  });

  test("largest gap is the largest test minus train loss beyond two standard errors of the test-loss difference", () => {
    expect(grade("l1-vs-l2", "l1l2-largest-gap", "none", typical).verdict).toBe("confirmed");
    expect(grade("l1-vs-l2", "l1l2-largest-gap", "l2", typical).verdict).toBe("refuted");
    // Gaps 0.6 (none) and 0.55 (L1): 0.05 apart, within 2 x 0.03.
    const close = penalties({ none: [0.1, 0.7, 0], l1: [0.1, 0.65, 0.5], l2: [0.3, 0.4, 0.01] }, { noneL1: 0.03 });
    expect(grade("l1-vs-l2", "l1l2-largest-gap", "none", close)).toMatchObject({ verdict: "too-close", measured: expect.stringContaining("too close") });
  });

  test("both penalties lower the test loss only when each one does, beyond two standard errors", () => {
    expect(grade("l1-vs-l2", "l1l2-penalties-lower-test-loss", true, typical).verdict).toBe("confirmed");
    const mixed = penalties({ none: [0.05, 0.6, 0], l1: [0.2, 0.7, 0.9], l2: [0.18, 0.5, 0.01] });
    expect(grade("l1-vs-l2", "l1l2-penalties-lower-test-loss", false, mixed).verdict).toBe("confirmed");
    const close = penalties({ none: [0.05, 0.6, 0], l1: [0.2, 0.57, 0.9], l2: [0.18, 0.4, 0.01] });
    expect(grade("l1-vs-l2", "l1l2-penalties-lower-test-loss", true, close).verdict).toBe("too-close");
    expect(grade("l1-vs-l2", "l1l2-penalties-lower-test-loss", false, close).verdict).toBe("too-close");
  });

  test("strength 0 grades nothing; a strength that flattens the nets does not grade the noisy-labels fact", () => {
    const identical = penalties({ none: [0.05, 1.1, 0], l1: [0.05, 1.1, 0], l2: [0.05, 1.1, 0] }, { noneL1: 0, noneL2: 0, l1L2: 0 });
    for (const [key, answer] of [["l1l2-more-zero-weights", "l1"], ["l1l2-largest-gap", "none"], ["l1l2-penalties-lower-test-loss", true]] as const) {
      expect(gradeAt(atStrength(0), key, answer, identical)).toBe("ungraded");
    }
    expect(gradeAt(atStrength(0.3), "l1l2-penalties-lower-test-loss", true, typical)).toBe("ungraded");
    expect(gradeAt(atStrength(0.3), "l1l2-largest-gap", "none", typical)).toBe("confirmed");
  });
});

describe("grading input checks", () => {
  const summary = vanishing([1e-9, 1e-1]);
  const cfg = defaultLabConfig("vanishing-gradients");

  test("several answers are graded together", () => {
    const result = gradePredictions("vanishing-gradients", summary, cfg, {
      "vanishing-smallest-gradient-layer": "first",
      "vanishing-loss-below-half": true,
    });
    expect(result).toMatchObject({ ok: true, graded: [{ verdict: "confirmed" }, { verdict: "refuted" }] });
  });

  test("bad summaries, keys and answers are refused with a reason", () => {
    expect(gradePredictions("nope", summary, cfg, {})).toEqual({ ok: false, error: 'unknown lab "nope"' });
    expect(gradePredictions("l1-vs-l2", summary, cfg, {})).toMatchObject({ ok: false, error: expect.stringContaining("not l1-vs-l2") });
    expect(gradePredictions("vanishing-gradients", { ...summary, steps: -1 }, cfg, {})).toMatchObject({ ok: false });
    expect(gradePredictions("vanishing-gradients", { ...summary, net: { ...summary.net, gradNorms: [1] } }, cfg, {})).toMatchObject({ ok: false });
    expect(gradePredictions("vanishing-gradients", summary, cfg, { "residual-loss-lower": true })).toMatchObject({
      ok: false,
      error: expect.stringContaining("unknown prediction"),
    });
    expect(gradePredictions("vanishing-gradients", summary, cfg, { "vanishing-smallest-gradient-layer": "second" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("invalid answer"),
    });
    expect(gradePredictions("vanishing-gradients", summary, cfg, { "vanishing-loss-below-half": "yes" })).toMatchObject({ ok: false });
    expect(gradePredictions("vanishing-gradients", summary, { depth: 500 }, {})).toMatchObject({
      ok: false,
      error: expect.stringContaining("invalid settings"),
    });
  });

  test("measures are written for people", () => {
    expect(formatMeasure(0.123456)).toBe("0.123");
    expect(formatMeasure(3.2e-9)).toBe("3.2e-9");
    expect(formatMeasure(0)).toBe("0");
    expect(formatMeasure(null)).toContain("diverged");
  });
});
