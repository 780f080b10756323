import { describe, expect, it } from "vitest";

import { contentIndexOf, displayIndexOf, optionOrder, shuffledBySeed } from "@/lib/quiz/shuffle";

const isPermutation = (order: number[], n: number) => [...order].sort((a, b) => a - b).join() === Array.from({ length: n }, (_, i) => i).join();

describe("option order", () => {
  it("is a permutation, and the same for the same attempt seed and question (a resumed attempt)", () => {
    for (const n of [2, 3, 4, 5, 6]) {
      const order = optionOrder(12345, "question-a", n);
      expect(isPermutation(order, n)).toBe(true);
      expect(optionOrder(12345, "question-a", n)).toEqual(order);
    }
  });

  it("differs between attempts and between questions", () => {
    const orders = new Set(Array.from({ length: 40 }, (_, seed) => optionOrder(seed, "question-a", 5).join()));
    expect(orders.size).toBeGreaterThan(20);
    const byQuestion = new Set(Array.from({ length: 40 }, (_, i) => optionOrder(7, `question-${i}`, 5).join()));
    expect(byQuestion.size).toBeGreaterThan(20);
  });

  it("puts every option first about equally often", () => {
    const firsts = [0, 0, 0, 0];
    const trials = 4000;
    for (let seed = 0; seed < trials; seed++) firsts[optionOrder(seed, "q", 4)[0] ?? 0]! += 1;
    // Each position has expectation 1000 and standard deviation about 27; 150 is over five deviations.
    for (const count of firsts) expect(Math.abs(count - trials / 4)).toBeLessThan(150);
  });

  it("maps displayed and content indexes both ways", () => {
    const order = optionOrder(99, "q", 6);
    for (let display = 0; display < 6; display++) {
      const content = contentIndexOf(order, display);
      expect(content).toBeDefined();
      expect(displayIndexOf(order, content ?? -1)).toBe(display);
    }
    expect(contentIndexOf(order, 6)).toBeUndefined();
    expect(contentIndexOf(order, -1)).toBeUndefined();
    expect(contentIndexOf(order, 0.5)).toBeUndefined();
    expect(displayIndexOf(order, 6)).toBe(-1);
  });
});

describe("question order of a mixed quiz", () => {
  it("is a stable permutation of the items", () => {
    const ids = ["a", "b", "c", "d", "e", "f", "g"];
    const once = shuffledBySeed(ids, 42);
    expect(shuffledBySeed(ids, 42)).toEqual(once);
    expect([...once].sort()).toEqual(ids);
    const orders = new Set(Array.from({ length: 20 }, (_, seed) => shuffledBySeed(ids, seed).join()));
    expect(orders.size).toBeGreaterThan(10);
  });
});
