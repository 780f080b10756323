import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { NotEnoughReviewsError } from "@/lib/srs/errors";
import {
  MIN_REVIEWS_FOR_OPTIMIZE,
  evaluate,
  fitParameters,
  toFsrsItems,
  type OptimizerLog,
} from "@/lib/srs/optimizer";
import { simulate as simulateLearner, TRUE_WEIGHTS } from "../../helpers/simulate-learner";

const START = new Date("2026-01-05T14:00:00Z");
/** The simulated learner's history, as the optimizer takes it. */
function simulate(seed: string, cards: number, horizonDays: number): OptimizerLog[] {
  return simulateLearner(seed, cards, horizonDays, START).map((log) => ({
    cardId: `card-${log.card}`,
    rating: log.rating,
    reviewedAt: log.reviewedAt,
  }));
}

describe("toFsrsItems", () => {
  it("counts days between reviews and makes an item of each review on a later day", () => {
    const t0 = new Date("2026-01-05T14:00:00Z");
    const logs: OptimizerLog[] = [
      { cardId: "b", rating: 3, reviewedAt: new Date("2026-01-06T09:00:00Z") },
      { cardId: "a", rating: 3, reviewedAt: new Date(t0.getTime() + 10 * 60_000) },
      { cardId: "a", rating: 1, reviewedAt: t0 },
      { cardId: "a", rating: 3, reviewedAt: new Date("2026-01-08T13:00:00Z") },
      { cardId: "a", rating: 4, reviewedAt: new Date("2026-01-08T23:59:00Z") },
      { cardId: "b", rating: 2, reviewedAt: new Date("2026-01-16T08:00:00Z") },
    ];
    const items = toFsrsItems(logs);
    const shape = items.map((item) => item.reviews.map((r) => [r.rating, r.deltaT]));
    expect(shape).toEqual([
      // card b first (first seen first); the first review is history only
      [
        [3, 0],
        [2, 10],
      ],
      // card a, sorted by time: Again, Good 10 minutes later (same day), Good 3 days later, Easy the same day
      [
        [1, 0],
        [3, 0],
        [3, 3],
      ],
    ]);
  });

  it("counts study days in the learner's time zone when asked", () => {
    // 03:30 and 05:00 in New York with the day starting at 04:00: two study days, one UTC day.
    const logs: OptimizerLog[] = [
      { cardId: "a", rating: 3, reviewedAt: new Date("2026-01-15T08:30:00Z") },
      { cardId: "a", rating: 3, reviewedAt: new Date("2026-01-15T10:00:00Z") },
    ];
    expect(toFsrsItems(logs)).toHaveLength(0);
    const items = toFsrsItems(logs, { timeZone: "America/New_York", dayStartHour: 4 });
    expect(items.map((item) => item.reviews.map((r) => r.deltaT))).toEqual([[0, 1]]);
  });
});

describe("fitParameters and evaluate", () => {
  it(`refuses to fit below ${MIN_REVIEWS_FOR_OPTIMIZE} reviews`, async () => {
    const logs = simulate("too-few", 60, 120).slice(0, MIN_REVIEWS_FOR_OPTIMIZE - 1);
    expect(logs).toHaveLength(MIN_REVIEWS_FOR_OPTIMIZE - 1);
    await expect(fitParameters(logs, { enableShortTerm: true })).rejects.toBeInstanceOf(NotEnoughReviewsError);
    await expect(fitParameters(logs, { enableShortTerm: true })).rejects.toMatchObject({
      reviewCount: MIN_REVIEWS_FOR_OPTIMIZE - 1,
      required: MIN_REVIEWS_FOR_OPTIMIZE,
    });
    expect(() => evaluate([], null)).toThrow(NotEnoughReviewsError);
  });

  it("fits parameters that predict a simulated learner better than the defaults", async () => {
    const logs = simulate("learner-1", 240, 180);
    expect(logs.length).toBeGreaterThan(MIN_REVIEWS_FOR_OPTIMIZE);

    const fitted = await fitParameters(logs, { enableShortTerm: true, numRelearningSteps: 1 });
    expect(fitted).toHaveLength(21);
    expect(fitted.every(Number.isFinite)).toBe(true);

    const withDefaults = evaluate(logs, null);
    const withTruth = evaluate(logs, TRUE_WEIGHTS);
    const withFitted = evaluate(logs, fitted);
    // The simulation is faithful: the parameters that generated the history beat the defaults.
    expect(withTruth.logLoss).toBeLessThan(withDefaults.logLoss);
    // And the fit recovers most of that advantage.
    expect(withFitted.logLoss).toBeLessThan(withDefaults.logLoss);
    expect(withFitted.rmse).toBeLessThan(withDefaults.rmse);
    // The learner's initial stability after Good (true 9 days) is learned: closer than the default's 2.3.
    expect(Math.abs(fitted[2]! - 9)).toBeLessThan(Math.abs(default_w[2]! - 9));
  });
});
