import { describe, expect, it } from "vitest";

import { ValidationError } from "@/lib/errors";
import { blankResponse, gradeResponse, isBlank, withinTolerance } from "@/lib/quiz/grade";
import { optionOrder } from "@/lib/quiz/shuffle";

import { multiple, numeric, shown, single } from "./fixtures";

const SEED = 20260301;

describe("single choice", () => {
  const order = optionOrder(SEED, single.id, single.options.length);

  it("is right only when the displayed choice maps to the correct content option", () => {
    for (let display = 0; display < order.length; display++) {
      expect(gradeResponse(single, order, { choices: [display] })).toBe(order[display] === 2);
    }
    expect(gradeResponse(single, order, { choices: [shown(order, 2)] })).toBe(true);
  });

  it("grades by the attempt's order, not the content order", () => {
    // A seed whose order moves the correct option away from display index 2.
    const seed = Array.from({ length: 50 }, (_, i) => i).find((s) => optionOrder(s, single.id, 4)[2] !== 2);
    expect(seed).toBeDefined();
    const moved = optionOrder(seed ?? 0, single.id, 4);
    expect(gradeResponse(single, moved, { choices: [2] })).toBe(false);
    expect(gradeResponse(single, moved, { choices: [shown(moved, 2)] })).toBe(true);
  });

  it("refuses two options, an option that is not shown, a repeated option and a number", () => {
    expect(() => gradeResponse(single, order, { choices: [0, 1] })).toThrow(ValidationError);
    expect(() => gradeResponse(single, order, { choices: [4] })).toThrow(/Option 5 does not exist; this question has 4 options/);
    expect(() => gradeResponse(single, order, { choices: [-1] })).toThrow(ValidationError);
    expect(() => gradeResponse(single, order, { choices: [1.5] })).toThrow(ValidationError);
    expect(() => gradeResponse(single, order, { value: 2 })).toThrow(/choosing options/);
  });

  it("grades a blank answer wrong", () => {
    expect(gradeResponse(single, order, blankResponse(single))).toBe(false);
    expect(isBlank(blankResponse(single))).toBe(true);
  });
});

describe("multiple choice", () => {
  const order = optionOrder(SEED, multiple.id, multiple.options.length);
  const a = shown(order, 0);
  const d = shown(order, 3);
  const b = shown(order, 1);

  it("is right only for exactly the set of correct options, in any click order", () => {
    expect(gradeResponse(multiple, order, { choices: [a, d] })).toBe(true);
    expect(gradeResponse(multiple, order, { choices: [d, a] })).toBe(true);
    expect(gradeResponse(multiple, order, { choices: [a] })).toBe(false);
    expect(gradeResponse(multiple, order, { choices: [a, d, b] })).toBe(false);
    expect(gradeResponse(multiple, order, { choices: [b] })).toBe(false);
    expect(gradeResponse(multiple, order, { choices: [] })).toBe(false);
  });

  it("refuses an index past the last option and the same option twice", () => {
    expect(() => gradeResponse(multiple, order, { choices: [a, 5] })).toThrow(ValidationError);
    expect(() => gradeResponse(multiple, order, { choices: [a, a] })).toThrow(/twice/);
  });
});

describe("numeric with tolerance", () => {
  it("accepts the closed interval answer ± tolerance and nothing outside it", () => {
    for (const value of [15.5, 15.75, 16, 16.25, 16.5]) {
      expect(gradeResponse(numeric, [], { value })).toBe(true);
    }
    for (const value of [15.49, 16.51, 16.500001, 15.499999, -16, 0]) {
      expect(gradeResponse(numeric, [], { value })).toBe(false);
    }
  });

  it("includes edges that binary floating point lands just outside", () => {
    // 0.4 - 0.3 === 0.10000000000000003 and 0.3 - 0.2 === 0.09999999999999998 in doubles.
    expect(0.4 - 0.3 > 0.1).toBe(true);
    expect(withinTolerance(0.4, 0.3, 0.1)).toBe(true);
    expect(withinTolerance(0.2, 0.3, 0.1)).toBe(true);
    expect(withinTolerance(0.4000001, 0.3, 0.1)).toBe(false);
    expect(withinTolerance(1.1, 1, 0.1)).toBe(true);
    expect(withinTolerance(-0.7, -0.5, 0.2)).toBe(true);
    expect(withinTolerance(-0.71, -0.5, 0.2)).toBe(false);
  });

  it("keeps large answers exact at the edge", () => {
    expect(withinTolerance(1_000_001, 1_000_000, 1)).toBe(true);
    expect(withinTolerance(1_000_001.01, 1_000_000, 1)).toBe(false);
    expect(withinTolerance(999_998.99, 1_000_000, 1)).toBe(false);
  });

  it("never accepts non-finite values", () => {
    expect(withinTolerance(Number.NaN, 16, 0.5)).toBe(false);
    expect(withinTolerance(Number.POSITIVE_INFINITY, 16, 0.5)).toBe(false);
  });

  it("grades a blank answer wrong and refuses options", () => {
    expect(gradeResponse(numeric, [], { value: null })).toBe(false);
    expect(() => gradeResponse(numeric, [], { choices: [0] })).toThrow(/with a number/);
  });
});
