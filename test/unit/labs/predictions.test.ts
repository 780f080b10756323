import { describe, expect, test } from "vitest";

import { defaultLabConfig, type LabKey } from "@/lib/labs/configs";
import type { L1VsL2Summary, ResidualSummary, VanishingSummary } from "@/lib/labs/metrics";
import { findPrediction, formatMeasure, gradePredictions, labPredictions, PREDICTION_KEYS } from "@/lib/labs/predictions";

/**
 * A vanishing-gradients summary whose flow has `profile` (per-layer dL/dz RMS, first hidden layer first, output
 * last) at each of the 8 measured steps, scaled per step by `jitter(step)` for layer 0 (the step-to-step spread).
 */
function vanishing(
  profile: (number | null)[] = [1e-9, 1e-6, 1e-3, 0.5],
  options: { finalTrainLoss?: number | null; lossStdError?: number | null; jitter?: (step: number, layer: number) => number } = {},
): VanishingSummary {
  const jitter = options.jitter ?? ((step: number) => 1 + 0.01 * ((step % 3) - 1));
  const delta = Array.from({ length: 8 }, (_, t) => profile.map((v, k) => (v === null ? null : v * jitter(t, k))));
  return {
    lab: "vanishing-gradients",
    steps: 300,
    net: { initialTrainLoss: 0.7, finalTrainLoss: options.finalTrainLoss === undefined ? 0.69 : options.finalTrainLoss, finalTestAccuracy: 0.5, gradNorms: [1e-9, 0.1] },
    flow: { delta, weight: delta },
    finalLossStdError: options.lossStdError === undefined ? 0.001 : options.lossStdError,
  };
}

/**
 * A residual-shortcuts summary: per net, its first-layer gradient RMS on each of the first steps and its losses
 * on each of the last epoch's minibatches.
 */
function residual(
  early: { plain: (number | null)[]; residual: (number | null)[] },
  losses: { plain: (number | null)[]; residual: (number | null)[] },
): ResidualSummary {
  const net = (loss: number | null) => ({ initialTrainLoss: 0.7, finalTrainLoss: loss, finalTestAccuracy: 0.5, gradNorms: [0.1, 0.5, 0.5] });
  return {
    lab: "residual-shortcuts",
    steps: 200,
    plain: net(losses.plain.at(-1) ?? null),
    residual: net(losses.residual.at(-1) ?? null),
    earlyFirstLayerRms: early,
    lastEpochLosses: losses,
  };
}

/** Ten early steps whose RMS is `value` times 1, 1.1, 0.9, ... (a spread of about 10%). */
const tenSteps = (value: number) => [1, 1.1, 0.9, 1.05, 0.95, 1, 1.1, 0.9, 1.05, 0.95].map((f) => f * value);
const sevenBatches = (value: number, spread = 0.01) => [0, 1, -1, 0.5, -0.5, 1, -1].map((e) => value + e * spread);

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
  const layer = "vanishing-smallest-gradient-layer";
  const ratio = "vanishing-gradient-ratio";
  const loss = "vanishing-loss-below-half";
  const verdict = (key: string, answer: unknown, summary: VanishingSummary) => grade("vanishing-gradients", key, answer, summary).verdict;

  test("the smallest backpropagated gradient is the layer with the smallest mean log RMS over the first steps", () => {
    expect(verdict(layer, "first", vanishing())).toBe("confirmed");
    expect(verdict(layer, "last", vanishing())).toBe("refuted");
    const middle = vanishing([0.3, 0.01, 0.2, 0.5], { jitter: () => 1 });
    expect(grade("vanishing-gradients", layer, "middle", middle)).toEqual({
      key: layer,
      verdict: "confirmed",
      measured:
        "Over the first 8 steps the backpropagated gradient (RMS of dL/dz per unit) was smallest at hidden layer 2 of 3: 0.01, against 0.5 at the output unit.",
    });
    expect(verdict(layer, "last", vanishing([0.3, 0.2, 0.1], { jitter: () => 1 }))).toBe("confirmed");
  });

  test("exact ties credit every tied position; a signal that underflowed to 0 is the smallest", () => {
    const tied = vanishing([0, 0, 0.1, 0.5]);
    expect(verdict(layer, "first", tied)).toBe("confirmed");
    expect(verdict(layer, "middle", tied)).toBe("confirmed");
    expect(verdict(layer, "last", tied)).toBe("refuted");
  });

  test("two positions within the step-to-step spread of each other are too close to call", () => {
    // Layer 1 and layer 2 swap places from step to step: the mean gap is smaller than its spread allows.
    const close = vanishing([1e-3, 1.05e-3, 0.1, 0.5], { jitter: (t, k) => (k === 0 ? (t % 2 === 0 ? 0.5 : 1.5) : 1) });
    expect(verdict(layer, "first", close)).toBe("too-close");
    expect(verdict(layer, "middle", close)).toBe("too-close");
    // A clear gap with the same spread decides.
    const clear = vanishing([1e-5, 1e-3, 0.1, 0.5], { jitter: (t, k) => (k === 0 ? (t % 2 === 0 ? 0.5 : 1.5) : 1) });
    expect(verdict(layer, "first", clear)).toBe("confirmed");
  });

  test("a non-finite gradient in the first steps is an explosion, and so is a first layer 1,000 times the output's", () => {
    const diverged = vanishing([null, 1e5, 1e3, 0.5]);
    expect(verdict(layer, "exploded", diverged)).toBe("confirmed");
    expect(verdict(layer, "first", diverged)).toBe("refuted");
    expect(verdict(ratio, "exploded", diverged)).toBe("confirmed");
    expect(grade("vanishing-gradients", ratio, "exploded", diverged).measured).toMatch(/overflowed to infinity or NaN/);
    const growing = vanishing([1e4, 1e2, 1, 0.5]);
    expect(verdict(layer, "exploded", growing)).toBe("confirmed");
    expect(verdict(layer, "last", growing)).toBe("confirmed");
    expect(verdict(ratio, "exploded", growing)).toBe("confirmed");
    expect(verdict(ratio, "under-10", growing)).toBe("refuted");
  });

  test("the ratio bands split at 10 and 1,000 (output over first layer); an underflowed first layer is over 1,000", () => {
    const band = (first: number) => (answer: string) => verdict(ratio, answer, vanishing([first, 0.1, 0.5]));
    expect(band(0.1)("under-10")).toBe("confirmed");
    expect(band(1)("under-10")).toBe("confirmed");
    expect(band(0.01)("10-to-1000")).toBe("confirmed");
    expect(band(0.0001)("over-1000")).toBe("confirmed");
    expect(band(0.0001)("10-to-1000")).toBe("refuted");
    expect(band(0)("over-1000")).toBe("confirmed");
  });

  test("a ratio within t(7) x its standard error over the steps of a band edge is too close; exactly on it, both bands", () => {
    // Output 0.5, first layer 0.5/1000 x (0.5 or 1.5): the geometric mean sits near 1,000 with a wide spread.
    const near = vanishing([0.0005, 0.1, 0.5], { jitter: (t, k) => (k === 0 ? (t % 2 === 0 ? 0.5 : 1.5) : 1) });
    expect(verdict(ratio, "over-1000", near)).toBe("too-close");
    expect(verdict(ratio, "10-to-1000", near)).toBe("too-close");
    const edge = vanishing([0.5, 0.1, 5], { jitter: () => 1 });
    expect(verdict(ratio, "under-10", edge)).toBe("confirmed");
    expect(verdict(ratio, "10-to-1000", edge)).toBe("confirmed");
  });

  test("loss below 0.5 is judged on the final loss, with a dead zone of 1.96 standard errors; a diverged loss did not fall", () => {
    expect(verdict(loss, true, vanishing(undefined, { finalTrainLoss: 0.2 }))).toBe("confirmed");
    expect(verdict(loss, false, vanishing(undefined, { finalTrainLoss: 0.2 }))).toBe("refuted");
    expect(verdict(loss, false, vanishing(undefined, { finalTrainLoss: 0.69 }))).toBe("confirmed");
    expect(verdict(loss, false, vanishing(undefined, { finalTrainLoss: null, lossStdError: null }))).toBe("confirmed");
    expect(verdict(loss, true, vanishing(undefined, { finalTrainLoss: 0.49, lossStdError: 0.01 }))).toBe("too-close");
    expect(verdict(loss, true, vanishing(undefined, { finalTrainLoss: 0.45, lossStdError: 0.01 }))).toBe("confirmed");
    expect(grade("vanishing-gradients", loss, true, vanishing(undefined, { finalTrainLoss: 0.2 })).measured).toBe(
      "The training loss went from 0.7 to 0.2 in 300 steps.",
    );
  });

  test("what each setting teaches, which settings grade nothing, and which cards a run grades", () => {
    const [smallestP, ratioP, lossP] = labPredictions["vanishing-gradients"];
    if (!smallestP || !ratioP || !lossP) throw new Error("three predictions expected");
    const cfg = (overrides: object) => ({ ...defaultLabConfig("vanishing-gradients"), ...overrides });
    const sigmoid = cfg({});
    const tanhSmall = cfg({ depth: 20, activation: "tanh", init: "small" });
    const reluLarge = cfg({ depth: 20, activation: "relu", init: "large" });
    for (const c of [sigmoid, tanhSmall]) {
      expect([smallestP.taught(c), ratioP.taught(c), lossP.taught(c)]).toEqual(["first", "over-1000", false]);
    }
    expect([smallestP.taught(reluLarge), ratioP.taught(reluLarge), lossP.taught(reluLarge)]).toEqual(["exploded", "exploded", false]);
    for (const matched of [cfg({ depth: 20, activation: "tanh", init: "xavier" }), cfg({ depth: 20, activation: "relu", init: "he" })]) {
      for (const p of [smallestP, ratioP, lossP]) expect(p.gradedWhen(matched)).toMatch(/factor near 1/);
    }
    // Wide tanh layers with small weights shrink the signal too slowly to decide at depth 10.
    expect(ratioP.gradedWhen(cfg({ activation: "tanh", init: "small", width: 64 }))).toMatch(/factor near 1/);
    expect(lossP.gradedWhen(cfg({ steps: 2000 }))).toMatch(/training budget/);
    expect(lossP.gradedWhen(sigmoid)).toBe(true);
    expect(ratioP.gradesCard("activation-functions-sigmoid-derivative", sigmoid)).toBe(true);
    expect(ratioP.gradesCard("activation-functions-sigmoid-derivative", tanhSmall)).toBe(false);
    expect(ratioP.gradesCard("vanishing-exploding-gradients-product", tanhSmall)).toBe(true);
    expect(smallestP.gradesCard("vanishing-exploding-gradients-sigmoid-bound", tanhSmall)).toBe(false);
    expect(smallestP.gradesCard("backpropagation-delta-recursion", reluLarge)).toBe(true);
    expect(lossP.gradesCard("weight-initialization-small-init-vanishes", tanhSmall)).toBe(true);
    expect(lossP.gradesCard("weight-initialization-small-init-vanishes", sigmoid)).toBe(false);
  });
});

describe("residual-shortcuts predictions", () => {
  const gradients = { plain: tenSteps(1e-3), residual: tenSteps(1e-3) };
  const key = "residual-loss-lower";

  test("residual loss lower: decided by the last epoch's paired batch losses, too close within their 95% interval", () => {
    expect(grade("residual-shortcuts", key, true, residual(gradients, { plain: sevenBatches(0.69), residual: sevenBatches(0.01) })).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", key, true, residual(gradients, { plain: sevenBatches(0.2), residual: sevenBatches(0.3) })).verdict).toBe("refuted");
    // Losses that differ by less than their batch-to-batch noise: no card moves.
    const noisy = { plain: [0.3, 0.5, 0.2, 0.4, 0.35, 0.25, 0.45], residual: [0.32, 0.3, 0.41, 0.28, 0.33, 0.38, 0.3] };
    const close = grade("residual-shortcuts", key, true, residual(gradients, noisy));
    expect(close.verdict).toBe("too-close");
    expect(close.measured).toMatch(/^Mean training loss over the last 7 minibatches: residual 0\.331, plain 0\.35 \(plain minus residual 0\.0186 ± 0\.\d+, 95% interval\)\.$/);
    // Identical batch losses: the residual net's loss is not lower.
    expect(grade("residual-shortcuts", key, false, residual(gradients, { plain: [0.1, 0.1], residual: [0.1, 0.1] })).verdict).toBe("confirmed");
  });

  test("residual loss lower: a diverged net has the higher loss; two diverged nets decide nothing", () => {
    expect(grade("residual-shortcuts", key, true, residual(gradients, { plain: [0.7, null], residual: [0.1, 0.1] })).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", key, false, residual(gradients, { plain: [0.7, 0.7], residual: [null, 0.1] })).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", key, true, residual(gradients, { plain: [null], residual: [null] })).verdict).toBe("too-close");
  });

  test("first-layer gradient: bands of a factor of 10 on the early steps' mean log ratio, too close across a band edge", () => {
    const g = "residual-first-layer-gradient";
    const losses = { plain: sevenBatches(0.69), residual: sevenBatches(0.01) };
    const ratio = (plain: number, res: number) => residual({ plain: tenSteps(plain), residual: tenSteps(res).reverse() }, losses);
    expect(grade("residual-shortcuts", g, "residual-larger", ratio(1e-6, 0.05)).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", g, "similar", ratio(0.05, 0.1)).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", g, "plain-larger", ratio(2, 0.1)).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", g, "similar", ratio(2, 0.1)).verdict).toBe("refuted");
    // A ratio of 10 whose 95% interval reaches below 10: too close to call.
    expect(grade("residual-shortcuts", g, "residual-larger", ratio(0.01, 0.1)).verdict).toBe("too-close");
    // Exactly 10 on every step: both bands that meet there hold it.
    const exact = residual({ plain: [0.01, 0.01], residual: [0.1, 0.1] }, losses);
    expect(grade("residual-shortcuts", g, "residual-larger", exact).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", g, "similar", exact).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", g, "non-finite", residual({ plain: [1e-3, null], residual: [0.1, 0.1] }, losses)).verdict).toBe("confirmed");
    expect(grade("residual-shortcuts", g, "residual-larger", ratio(1e-6, 0.05)).measured).toMatch(
      /^First-layer gradient RMS over the first 10 steps: residual 0\.0499, plain 1\.0e-6; residual \/ plain 50000 \(95% interval 48400 to 51700\)\.$/,
    );
  });

  test("settings that do not exercise the fact grade nothing", () => {
    const noisy = { plain: [0.3, 0.5, 0.2, 0.4, 0.35, 0.25, 0.45], residual: [0.32, 0.3, 0.41, 0.28, 0.33, 0.38, 0.3] };
    const summary = residual({ plain: tenSteps(1e-4), residual: tenSteps(0.05) }, noisy);
    const shallow = { ...defaultLabConfig("residual-shortcuts"), depth: 12 };
    const reluHe = { ...defaultLabConfig("residual-shortcuts"), activation: "relu", init: "he" } as const;
    const tanhXavier = { ...defaultLabConfig("residual-shortcuts"), depth: 40, activation: "tanh", init: "xavier" } as const;
    const answers = { "residual-loss-lower": true, "residual-first-layer-gradient": "residual-larger" };
    const verdicts = (config: ReturnType<typeof defaultLabConfig<"residual-shortcuts">>) => {
      const result = gradePredictions("residual-shortcuts", summary, config, answers);
      if (!result.ok) throw new Error(result.error);
      return result.graded.map((o) => o.verdict);
    };
    expect(verdicts(shallow)).toEqual(["ungraded", "ungraded"]);
    expect(verdicts(reluHe)).toEqual(["ungraded", "ungraded"]);
    expect(verdicts({ ...reluHe, init: "small" })).toEqual(["too-close", "confirmed"]);
    expect(verdicts(tanhXavier)).toEqual(["too-close", "ungraded"]);
    expect(verdicts({ ...tanhXavier, init: "small" })).toEqual(["too-close", "confirmed"]);
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
  const summary = vanishing();
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
