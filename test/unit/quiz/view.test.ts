import { describe, expect, it } from "vitest";

import { optionOrder } from "@/lib/quiz/shuffle";
import { correctDisplayIndexes, formatNumber, questionFromRow, questionView, reviewQuestion } from "@/lib/quiz/view";

import { multiple, numeric, shown, single } from "./fixtures";

const SEED = 777;

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe("the view sent before an answer", () => {
  it("carries no correct flags, no numeric answer and no explanation", () => {
    for (const q of [single, multiple, numeric]) {
      const json = JSON.stringify(questionView(q, SEED, 1));
      const keys = keysOf(JSON.parse(json));
      for (const secret of ["correct", "answer", "tolerance", "explanation", "explanationHtml", "key", "conceptKey"]) {
        expect(keys.has(secret)).toBe(false);
      }
      expect(json).not.toContain(q.explanation.slice(0, 20));
    }
    expect(JSON.stringify(questionView(numeric, SEED, 1))).not.toMatch(/16/);
  });

  it("lists the options in the attempt's order, with math rendered", () => {
    const view = questionView(single, SEED, 3);
    const order = optionOrder(SEED, single.id, 4);
    expect(view.number).toBe(3);
    expect(view.options.map((o) => o.index)).toEqual([0, 1, 2, 3]);
    const l1 = view.options[shown(order, 2)];
    expect(l1?.html).toContain("L1 with");
    expect(l1?.html).toContain("katex");
    expect(view.promptHtml).toContain("<strong>sparse</strong>");
    expect(questionView(numeric, SEED, 1)).toMatchObject({ kind: "NUMERIC", options: [], unit: "steps" });
  });

  it("is the same for the same seed (a resumed attempt sees the same order)", () => {
    expect(questionView(multiple, SEED, 1)).toEqual(questionView(multiple, SEED, 1));
  });
});

describe("the review after an answer", () => {
  it("marks the chosen and the correct options in displayed order", () => {
    const order = optionOrder(SEED, multiple.id, 5);
    const a = shown(order, 0);
    const b = shown(order, 1);
    const review = reviewQuestion(multiple, SEED, 2, { choices: [a, b] }, false);
    expect(review.options.filter((o) => o.correct).map((o) => o.index)).toEqual(correctDisplayIndexes(multiple, SEED));
    expect(review.options.filter((o) => o.chosen).map((o) => o.index)).toEqual([a, b].sort((x, y) => x - y));
    expect(correctDisplayIndexes(multiple, SEED)).toEqual([shown(order, 0), shown(order, 3)].sort((x, y) => x - y));
    expect(review).toMatchObject({ correct: false, blank: false, number: 2 });
    expect(review.explanationHtml).toContain("A and D hold");
  });

  it("writes numeric answers with their unit and tolerance, without float noise", () => {
    const review = reviewQuestion(numeric, SEED, 1, { value: 15.7 }, true);
    expect(review.yourValue).toBe("15.7 steps");
    expect(review.rightValue).toBe("16 steps (± 0.5)");
    expect(reviewQuestion(numeric, SEED, 1, { value: null }, false)).toMatchObject({ blank: true, yourValue: null });
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(-1e-7)).toBe("-1e-7");
  });
});

describe("stored rows", () => {
  it("become questions of their kind, and a malformed row is refused", () => {
    const base = { id: "q1", key: "k", conceptKey: "c", prompt: "p", explanation: "e", unit: null };
    expect(questionFromRow({ ...base, kind: "NUMERIC", options: null, answer: 2, tolerance: 0.1 })).toMatchObject({
      kind: "NUMERIC",
      answer: 2,
      tolerance: 0.1,
    });
    const choice = questionFromRow({ ...base, kind: "SINGLE", options: [{ text: "a", correct: true }, { text: "b", correct: false }], answer: null, tolerance: null });
    expect(choice.kind === "SINGLE" && choice.options.length).toBe(2);
    expect(() => questionFromRow({ ...base, kind: "MULTIPLE", options: "x", answer: null, tolerance: null })).toThrow(/malformed/);
    expect(() => questionFromRow({ ...base, kind: "NUMERIC", options: null, answer: null, tolerance: null })).toThrow(/no answer/);
  });
});
