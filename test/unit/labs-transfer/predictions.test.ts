import { describe, expect, test } from "vitest";

import { defaultLabConfig } from "@/lib/labs/configs";
import { MCNEMAR_ALPHA, mcnemarExactP, pairedWinner } from "@/lib/labs/transfer-learning/mcnemar";
import { bestTransferMode, finetuneBeatsFrozen, finetuneBeatsScratch } from "@/lib/labs/transfer-learning/predictions";
import type { TransferPaired, TransferSummary } from "@/lib/labs/transfer-learning/summary";

const config = defaultLabConfig("transfer-learning");
const HELD_OUT = 740;

/** A summary whose accuracies follow from the discordant counts (scratch gets `scratchRight` right). */
function summary(paired: TransferPaired, scratchRight = 450): TransferSummary {
  const [fsOnlyF, fsOnlyS] = paired["finetune-scratch"];
  const [frsOnlyFr, frsOnlyS] = paired["frozen-scratch"];
  const acc = (right: number) => ({ finalTrainAccuracy: 1, finalTestAccuracy: right / HELD_OUT });
  return {
    lab: "transfer-learning",
    steps: 20,
    heldOut: HELD_OUT,
    scratch: acc(scratchRight),
    frozen: acc(scratchRight + frsOnlyFr - frsOnlyS),
    finetune: acc(scratchRight + fsOnlyF - fsOnlyS),
    paired,
  };
}

describe("McNemar's exact test", () => {
  test("matches the binomial tails it is built on", () => {
    // 2 * P(X <= 1), X ~ Bin(10, 1/2) = 2 * 11 / 1024.
    expect(mcnemarExactP(9, 1)).toBeCloseTo(22 / 1024, 12);
    expect(mcnemarExactP(1, 9)).toBe(mcnemarExactP(9, 1));
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(mcnemarExactP(7, 7)).toBe(1);
    // Large counts do not underflow.
    expect(mcnemarExactP(700, 600)).toBeGreaterThan(0);
    expect(mcnemarExactP(700, 600)).toBeLessThan(MCNEMAR_ALPHA);
  });

  test("calls a winner only below the 5% level", () => {
    expect(pairedWinner(20, 5)).toBe("first");
    expect(pairedWinner(5, 20)).toBe("second");
    // 7 of 300 images, the size of difference that used to decide the best network: a coin flip.
    expect(pairedWinner(12, 5)).toBe("too-close");
  });
});

describe("the transfer-learning predictions", () => {
  const clear: TransferPaired = { "finetune-scratch": [90, 30], "finetune-frozen": [40, 10], "frozen-scratch": [80, 50] };

  test("fine-tune beats scratch: yes, no, or too close by the paired test; a tie is too close", () => {
    expect(finetuneBeatsScratch.read(summary(clear), config).accepted).toEqual([true]);
    const reversed: TransferPaired = { ...clear, "finetune-scratch": [30, 90] };
    expect(finetuneBeatsScratch.read(summary(reversed), config).accepted).toEqual([false]);
    const near: TransferPaired = { ...clear, "finetune-scratch": [45, 40] };
    expect(finetuneBeatsScratch.read(summary(near), config).accepted).toBe("too-close");
    const tied: TransferPaired = { ...clear, "finetune-scratch": [40, 40] };
    expect(finetuneBeatsScratch.read(summary(tied), config).accepted).toBe("too-close");
    expect(finetuneBeatsScratch.read({ ...summary(clear), paired: null }, config).accepted).toBe("too-close");
  });

  test("fine-tune beats frozen: read by the paired test on the fine-tuned and frozen networks", () => {
    expect(finetuneBeatsFrozen.read(summary(clear), config).accepted).toEqual([true]);
    const identical: TransferPaired = { ...clear, "finetune-frozen": [0, 0] };
    expect(finetuneBeatsFrozen.read(summary(identical), config).accepted).toBe("too-close");
    const worse: TransferPaired = { ...clear, "finetune-frozen": [10, 40] };
    expect(finetuneBeatsFrozen.read(summary(worse), config).accepted).toEqual([false]);
    expect(finetuneBeatsFrozen.evaluate(true, summary(clear), config).verdict).toBe("confirmed");
    expect(finetuneBeatsFrozen.evaluate(false, summary(clear), config).verdict).toBe("refuted");
  });

  test("fine-tune beats frozen grades only the recipe at the settings it was measured at", () => {
    expect(finetuneBeatsFrozen.gradedWhen(config)).toBe(true);
    expect(finetuneBeatsFrozen.gradedWhen({ ...config, examplesPerClass: 2 })).toBe(true);
    expect(finetuneBeatsFrozen.gradedWhen({ ...config, examplesPerClass: 1 })).toMatch(/fewer than 2/);
    expect(finetuneBeatsFrozen.gradedWhen({ ...config, examplesPerClass: 2, fineTuneLayers: 3 })).toMatch(/fewer than 5/);
    expect(finetuneBeatsFrozen.gradedWhen({ ...config, fineTuneLayers: 3 })).toBe(true);
    expect(finetuneBeatsFrozen.gradedWhen({ ...config, headEpochs: config.epochs })).toMatch(/never leaves/);
    expect(finetuneBeatsFrozen.gradedWhen({ ...config, headEpochs: 0 })).toMatch(/first/);
    expect(finetuneBeatsFrozen.gradedWhen({ ...config, fineTuneLearningRate: 0.01 })).toMatch(/measured only/);
  });

  test("fine-tune beats scratch grades no card: a single run confirms it in only about 8 of 10 seeds", () => {
    for (const examplesPerClass of [1, 2, 5, 50]) {
      expect(finetuneBeatsScratch.gradedWhen({ ...config, examplesPerClass })).toMatch(/about half the runs/);
    }
    expect(finetuneBeatsScratch.evaluate(true, summary(clear), config).verdict).toBe("ungraded");
  });

  test("best network: the leader must beat each other network by the paired test; exact ties at the top are all credited", () => {
    expect(bestTransferMode.read(summary(clear), config).accepted).toEqual(["finetune"]);
    const closeSecond: TransferPaired = { ...clear, "finetune-frozen": [14, 10] };
    expect(bestTransferMode.read(summary(closeSecond), config).accepted).toBe("too-close");
    // Fine-tuned and frozen identical image by image (the head trained for every epoch): both credited.
    const identical: TransferPaired = { "finetune-scratch": [80, 50], "finetune-frozen": [0, 0], "frozen-scratch": [80, 50] };
    expect(bestTransferMode.read(summary(identical), config).accepted).toEqual(["frozen", "finetune"]);
    const scratchBest: TransferPaired = { "finetune-scratch": [20, 70], "finetune-frozen": [30, 30], "frozen-scratch": [20, 70] };
    expect(bestTransferMode.read(summary(scratchBest), config).accepted).toEqual(["scratch"]);
  });

  test("best network grades no card: the fine-tuned and scratch networks are too close in most runs", () => {
    expect(bestTransferMode.gradedWhen(config)).toMatch(/too close/);
    expect(bestTransferMode.evaluate("finetune", summary(clear), config).verdict).toBe("ungraded");
  });
});
