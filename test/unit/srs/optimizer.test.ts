import seedrandom from "seedrandom";
import { FSRSAlgorithm, default_w, forgetting_curve, type FSRSState, type Grade } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { NotEnoughReviewsError } from "@/lib/srs/errors";
import { newMemoryState, type Rating } from "@/lib/srs/memory-state";
import {
  MIN_REVIEWS_FOR_OPTIMIZE,
  evaluate,
  fitParameters,
  toFsrsItems,
  type OptimizerLog,
} from "@/lib/srs/optimizer";
import { schedule } from "@/lib/srs/scheduler";
import { DEFAULT_SCHEDULER_SETTINGS } from "@/lib/srs/settings";

const START = new Date("2026-01-05T14:00:00Z");
const DAY = 86_400_000;
const utcDay = (date: Date): number => Math.floor(date.getTime() / DAY);

/**
 * A learner whose memory follows FSRS with these parameters (far from the defaults: higher initial
 * stabilities, a steeper forgetting curve), while the app schedules them with the default parameters.
 */
const TRUE_WEIGHTS = default_w.map((w, i) => {
  const changed: Record<number, number> = { 0: 1.2, 1: 3.5, 2: 9, 3: 25, 8: 2.2, 20: 0.45 };
  return changed[i] ?? w;
});

/**
 * Simulates `cards` cards from the app's scheduler (default settings, learning steps 1m 10m): each review
 * happens when the card is due, sometimes a few days late; a same-day review is always recalled, a later
 * one with the true model's probability of recall, drawn from a seeded generator.
 */
function simulate(seed: string, cards: number, horizonDays: number): OptimizerLog[] {
  const rng = seedrandom(seed);
  const truth = new FSRSAlgorithm({ w: TRUE_WEIGHTS, enable_short_term: true });
  const logs: OptimizerLog[] = [];
  const end = START.getTime() + horizonDays * DAY;
  for (let c = 0; c < cards; c++) {
    const cardId = `card-${c}`;
    let time = START.getTime() + Math.floor(c / 4) * DAY + (c % 60) * 60_000;
    let memory = newMemoryState(new Date(time));
    let trueState: FSRSState | null = null;
    let lastDay = 0;
    while (time < end) {
      const when = new Date(time);
      const deltaDays = trueState === null ? 0 : utcDay(when) - lastDay;
      let rating: Rating;
      if (trueState === null) {
        const roll = rng();
        rating = roll < 0.25 ? 1 : roll < 0.35 ? 2 : roll < 0.9 ? 3 : 4;
      } else if (deltaDays === 0) {
        rating = 3;
      } else {
        const recalled = rng() < forgetting_curve(TRUE_WEIGHTS, deltaDays, trueState.stability);
        const roll = rng();
        rating = !recalled ? 1 : roll < 0.1 ? 2 : roll < 0.95 ? 3 : 4;
      }
      trueState = truth.next_state(trueState, deltaDays, rating as Grade);
      lastDay = utcDay(when);
      logs.push({ cardId, rating, reviewedAt: when });
      memory = schedule(memory, rating, when, DEFAULT_SCHEDULER_SETTINGS).next;
      const late = memory.state === "REVIEW" && rng() < 0.3 ? Math.floor(rng() * 4) * DAY : 0;
      time = memory.due.getTime() + late;
    }
  }
  return logs;
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
