import { describe, expect, it } from "vitest";

import { activeQuestionIds, attemptTitle, formatScore, normalizeResponse, sameResponse, summarizeAttempt } from "@/lib/quiz/attempt";
import { parseNumericInput, startQuizSchema } from "@/lib/quiz/schemas";

const titles = new Map([
  ["adam", "Adam"],
  ["dropout", "Dropout"],
  ["momentum", "Momentum"],
  ["l1-vs-l2", "L1 vs L2"],
]);
const titleOf = (k: string) => titles.get(k);

describe("attempt rules", () => {
  it("drops questions retired since the start unless they were answered", () => {
    const liveIds = new Set(["q1", "q3"]);
    expect(activeQuestionIds(["q1", "q2", "q3", "q4"], (id) => liveIds.has(id), new Set(["q4"]))).toEqual(["q1", "q3", "q4"]);
  });

  it("treats the same options in another click order as the same answer", () => {
    expect(sameResponse({ choices: [3, 1] }, { choices: [1, 3] })).toBe(true);
    expect(sameResponse({ choices: [1] }, { choices: [1, 3] })).toBe(false);
    expect(sameResponse({ value: 2 }, { value: 2 })).toBe(true);
    expect(sameResponse({ value: 2 }, { choices: [2] })).toBe(false);
    expect(normalizeResponse({ choices: [4, 0, 2] })).toEqual({ choices: [0, 2, 4] });
  });

  it("names quizzes after their concepts", () => {
    expect(attemptTitle("CONCEPT", ["adam"], titleOf)).toBe("Adam");
    expect(attemptTitle("MIXED", ["adam", "dropout"], titleOf)).toBe("Mixed: Adam, Dropout");
    expect(attemptTitle("MIXED", ["adam", "dropout", "momentum", "l1-vs-l2"], titleOf)).toBe("Mixed: Adam, Dropout and 2 more");
    expect(attemptTitle("DUE_SOON", [], titleOf)).toBe("Everything due soon");
    expect(attemptTitle("CONCEPT", ["gone"], titleOf)).toBe("gone");
  });

  it("summarizes an attempt: a score only once submitted", () => {
    const row = {
      id: "a1",
      scope: "CONCEPT" as const,
      mode: "STEP" as const,
      conceptKeys: ["adam"],
      questionIds: ["q1", "q2", "q3"],
      startedAt: new Date("2026-03-01T08:00:00Z"),
      submittedAt: null,
      correctCount: null,
      answered: 1,
    };
    expect(summarizeAttempt(row, titleOf)).toMatchObject({ title: "Adam", answered: 1, total: 3, correctCount: null });
    expect(summarizeAttempt({ ...row, submittedAt: new Date("2026-03-01T08:05:00Z"), correctCount: 2, answered: 3 }, titleOf)).toMatchObject({
      total: 3,
      correctCount: 2,
    });
    expect(formatScore(2, 3)).toBe("2 / 3 (67%)");
  });
});

describe("quiz input", () => {
  it("reads what people type as a number", () => {
    expect(parseNumericInput(" 16 ")).toBe(16);
    expect(parseNumericInput("0,5")).toBe(0.5);
    expect(parseNumericInput("-.25")).toBe(-0.25);
    expect(parseNumericInput("1e-3")).toBe(0.001);
    expect(parseNumericInput("1 000")).toBe(1000);
    for (const bad of ["", "abc", "1,000.5,", "1.2.3", "Infinity", "NaN", "0x10", "1e999"]) {
      expect(parseNumericInput(bad)).toBeNull();
    }
  });

  it("checks the concepts a quiz kind needs", () => {
    expect(startQuizSchema.safeParse({ scope: "CONCEPT", conceptKeys: ["adam"] }).data).toEqual({ scope: "CONCEPT", conceptKeys: ["adam"], mode: "STEP" });
    expect(startQuizSchema.safeParse({ scope: "CONCEPT", conceptKeys: ["adam", "dropout"] }).success).toBe(false);
    expect(startQuizSchema.safeParse({ scope: "MIXED", conceptKeys: [] }).success).toBe(false);
    expect(startQuizSchema.safeParse({ scope: "DUE_SOON", conceptKeys: ["adam"] }).success).toBe(false);
    expect(startQuizSchema.safeParse({ scope: "DUE_SOON", mode: "END" }).success).toBe(true);
    expect(startQuizSchema.safeParse({ scope: "CONCEPT", conceptKeys: ["Not A Key"] }).success).toBe(false);
  });
});
