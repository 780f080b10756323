import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";

import {
  classMastery,
  coverage,
  curveOf,
  learnerWeights,
  masteryGrid,
  meanOf,
  overallMastery,
  recallProbability,
  sumRecall,
  type CardMemory,
} from "@/lib/progress/mastery";
import { newMemoryState, retrievability, type MemoryState } from "@/lib/srs";

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const STEEP = default_w.map((w, i) => (i === 20 ? 0.5 : w));

/** R(t, S) written out by hand. */
function curve(t: number, s: number, decay: number): number {
  return Math.pow(1 + ((Math.pow(0.9, -1 / decay) - 1) * t) / s, -decay);
}

describe("recallProbability", () => {
  it("is lib/srs retrievability for the fields a CardState row gives", () => {
    for (const weights of [null, STEEP]) {
      for (const [state, stability, days] of [
        ["REVIEW", 10, 10],
        ["REVIEW", 3.5, 40.25],
        ["LEARNING", 0.2, 0.5],
        ["RELEARNING", 2, 0],
        ["NEW", 0, 0],
      ] as const) {
        const memory: MemoryState = { ...newMemoryState(ago(days)), state, stability, lastReview: state === "NEW" ? null : ago(days) };
        expect(recallProbability(memory, NOW, weights)).toBe(retrievability(memory, NOW, weights));
      }
    }
  });

  it("matches hand-computed values: 0.9 after S days, 0.6445 after 12 days at S = 2 with decay 0.5", () => {
    expect(recallProbability({ state: "REVIEW", stability: 10, lastReview: ago(10) }, NOW, null)).toBeCloseTo(0.9, 7);
    // factor = 0.9^-2 - 1 = 0.2345679; (1 + 0.2345679 * 12 / 2)^-0.5 = 2.4074074^-0.5 = 0.644503
    expect(recallProbability({ state: "REVIEW", stability: 2, lastReview: ago(12) }, NOW, STEEP)).toBeCloseTo(0.644503, 6);
  });

  it("is 0 for NEW cards and for cards never reviewed, and 1 right after a review", () => {
    expect(recallProbability({ state: "NEW", stability: 5, lastReview: ago(1) }, NOW, null)).toBe(0);
    expect(recallProbability({ state: "REVIEW", stability: 5, lastReview: null }, NOW, null)).toBe(0);
    expect(recallProbability({ state: "REVIEW", stability: 5, lastReview: NOW }, NOW, null)).toBe(1);
  });
});

describe("learnerWeights and curveOf", () => {
  it("uses fitted weights when there are 21 finite numbers, the defaults otherwise", () => {
    expect(learnerWeights(STEEP)).toBe(STEEP);
    expect(learnerWeights([])).toBeNull();
    expect(learnerWeights(null)).toBeNull();
    expect(learnerWeights(STEEP.slice(1))).toBeNull();
    expect(learnerWeights(STEEP.map((w, i) => (i === 3 ? Number.NaN : w)))).toBeNull();
  });

  it("gives the decay and factor of the curve, so R(S, S) = 0.9", () => {
    const { decay, factor } = curveOf(STEEP);
    expect(decay).toBe(0.5);
    expect(factor).toBeCloseTo(1 / 0.81 - 1, 12);
    expect(Math.pow(1 + factor, -decay)).toBeCloseTo(0.9, 12);
    expect(curveOf(null).decay).toBe(default_w[20]);
  });
});

describe("mastery grid", () => {
  // Concept alpha has 2 cards, beta 1, gamma none. Ada knows both alpha cards at R = 0.9; Grace (steep curve)
  // knows one alpha card at 0.9 and beta's card at 0.9, and has a NEW alpha card.
  const students = [
    { id: "ada", weights: null },
    { id: "grace", weights: STEEP },
  ];
  const concepts = [
    { key: "alpha", cardCount: 2 },
    { key: "beta", cardCount: 1 },
    { key: "gamma", cardCount: 0 },
  ];
  const memories: CardMemory[] = [
    { userId: "ada", conceptKey: "alpha", state: "REVIEW", stability: 10, lastReview: ago(10) },
    { userId: "ada", conceptKey: "alpha", state: "REVIEW", stability: 5, lastReview: ago(5) },
    { userId: "grace", conceptKey: "alpha", state: "REVIEW", stability: 2, lastReview: ago(2) },
    { userId: "grace", conceptKey: "alpha", state: "NEW", stability: 0, lastReview: null },
    { userId: "grace", conceptKey: "beta", state: "LEARNING", stability: 1, lastReview: ago(1) },
    { userId: "olga", conceptKey: "alpha", state: "REVIEW", stability: 100, lastReview: ago(1) },
  ];
  const later = new Date(NOW.getTime() + 10 * DAY);
  const grid = masteryGrid({ students, concepts, sums: sumRecall(memories, students, [NOW, later]), instants: 2 });

  it("averages R over the concept's cards, counting unstudied cards as 0", () => {
    expect(grid.mastery[0]![0]).toEqual([expect.closeTo(0.9, 7), 0, null]);
    expect(grid.mastery[0]![1]).toEqual([expect.closeTo(0.45, 7), expect.closeTo(0.9, 7), null]);
    expect(grid.studied).toEqual([[2, 0, 0], [1, 1, 0]]);
  });

  it("forecasts with each learner's own curve", () => {
    expect(grid.mastery[1]![0]![0]).toBeCloseTo((curve(20, 10, default_w[20]!) + curve(15, 5, default_w[20]!)) / 2, 7);
    expect(grid.mastery[1]![1]![0]).toBeCloseTo(curve(12, 2, 0.5) / 2, 7);
    expect(grid.mastery[1]![1]![1]).toBeCloseTo(curve(11, 1, 0.5), 7);
  });

  it("aggregates to class mastery, overall mastery and coverage", () => {
    expect(classMastery(grid, 0)).toEqual([expect.closeTo(0.675, 7), expect.closeTo(0.45, 7), null]);
    // Ada: (0.9 * 2 + 0) / 3 cards; Grace: (0.45 * 2 + 0.9) / 3
    expect(overallMastery(grid, concepts, 0)).toEqual([expect.closeTo(0.6, 7), expect.closeTo(0.6, 7)]);
    expect(coverage(grid, concepts)).toEqual([0.75, 0.5, null]);
  });

  it("gives null for a class without students", () => {
    const empty = masteryGrid({ students: [], concepts, sums: [], instants: 1 });
    expect(classMastery(empty, 0)).toEqual([null, null, null]);
    expect(coverage(empty, concepts)).toEqual([null, null, null]);
  });

  it("meanOf skips nulls", () => {
    expect(meanOf([0.2, null, 0.4])).toBeCloseTo(0.3, 12);
    expect(meanOf([null])).toBeNull();
  });
});
