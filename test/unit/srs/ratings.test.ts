import { describe, expect, it } from "vitest";
import { RATING, RATING_RULES, ratingForLabPrediction, ratingForQuizAnswer, ratingName } from "@/lib/srs/ratings";
import { isRating } from "@/lib/srs/memory-state";

describe("rating mapping", () => {
  it("maps quiz answers: wrong is Again, right is Good", () => {
    expect(ratingForQuizAnswer(false)).toBe(1);
    expect(ratingForQuizAnswer(true)).toBe(3);
  });

  it("maps lab predictions: refuted is Again, confirmed is Good", () => {
    expect(ratingForLabPrediction("refuted")).toBe(1);
    expect(ratingForLabPrediction("confirmed")).toBe(3);
  });

  it("names the ratings", () => {
    expect([1, 2, 3, 4].map((r) => ratingName(r as 1 | 2 | 3 | 4))).toEqual(["Again", "Hard", "Good", "Easy"]);
    expect(RATING).toEqual({ Again: 1, Hard: 2, Good: 3, Easy: 4 });
  });

  it("explains the same mapping in its table", () => {
    const rule = (source: string, outcome: string) =>
      RATING_RULES.find((r) => r.source === source && r.outcome.includes(outcome));
    expect(rule("QUIZ", "wrong")?.rating).toBe(ratingForQuizAnswer(false));
    expect(rule("QUIZ", "right")?.rating).toBe(ratingForQuizAnswer(true));
    expect(rule("LAB", "refuted")?.rating).toBe(ratingForLabPrediction("refuted"));
    expect(rule("LAB", "confirmed")?.rating).toBe(ratingForLabPrediction("confirmed"));
    expect(rule("LAB", "without predicting")?.rating).toBeNull();
    for (const r of RATING_RULES) {
      expect(r.ratingName).toBe(r.rating === null ? null : ratingName(r.rating));
      expect(r.explanation.length).toBeGreaterThan(10);
    }
  });

  it("recognises valid ratings", () => {
    expect([0, 1, 2, 3, 4, 5, 2.5, "3", null].map(isRating)).toEqual([false, true, true, true, true, false, false, false, false]);
  });
});
