import seedrandom from "seedrandom";
import { createEmptyCard, default_w, fsrs, type Card, type Grade } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { InvalidSettingsError, ReviewOrderError, SrsError } from "@/lib/srs/errors";
import { fsrsFor } from "@/lib/srs/fsrs-cache";
import { newMemoryState, type MemoryState, type Rating, type SchedulerSettings } from "@/lib/srs/memory-state";
import { formatInterval, previewIntervals, replay, schedule, type ReplayableLog } from "@/lib/srs/scheduler";
import { DEFAULT_SCHEDULER_SETTINGS } from "@/lib/srs/settings";

const NOW = new Date("2026-03-01T08:00:00Z");
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number): Date => new Date(NOW.getTime() + ms);

// A second learner with fitted-looking weights, a different retention and different steps.
const CUSTOM: SchedulerSettings = {
  desiredRetention: 0.85,
  weights: default_w.map((w, i) => (i === 2 ? 4.1 : i === 20 ? 0.3 : w)),
  learningSteps: ["5m"],
  relearningSteps: [],
  maximumIntervalDays: 365,
};

/** ts-fsrs, configured by hand here (not through lib/srs), as the independent reference. */
function reference(settings: SchedulerSettings) {
  return fsrs({
    request_retention: settings.desiredRetention,
    maximum_interval: settings.maximumIntervalDays,
    ...(settings.weights ? { w: [...settings.weights] } : {}),
    enable_fuzz: false,
    enable_short_term: true,
    learning_steps: settings.learningSteps as ("5m" | "1m" | "10m")[],
    relearning_steps: settings.relearningSteps as "10m"[],
  });
}

const STATE_NAMES = ["NEW", "LEARNING", "REVIEW", "RELEARNING"] as const;

/** The reference card, written out field by field in the app's shape. */
function expectedFrom(card: Card): MemoryState {
  return {
    state: STATE_NAMES[card.state],
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    lastReview: card.last_review ?? null,
  };
}

describe("schedule: known answers", () => {
  const w = default_w;

  it("first review of a new card with the default settings", () => {
    const fresh = newMemoryState(NOW);

    const again = schedule(fresh, 1, NOW, DEFAULT_SCHEDULER_SETTINGS).next;
    expect(again.state).toBe("LEARNING");
    expect(again.due).toEqual(at(1 * MINUTE)); // first learning step
    expect(again.stability).toBe(w[0]);
    expect(again.difficulty).toBeCloseTo(w[4]!, 8); // D0(1) = w4 - e^0 + 1

    const hard = schedule(fresh, 2, NOW, DEFAULT_SCHEDULER_SETTINGS).next;
    expect(hard.due).toEqual(at(6 * MINUTE)); // round((1m + 10m) / 2)
    expect(hard.learningSteps).toBe(0);

    const good = schedule(fresh, 3, NOW, DEFAULT_SCHEDULER_SETTINGS).next;
    expect(good).toMatchObject({ state: "LEARNING", learningSteps: 1, reps: 1, lapses: 0, scheduledDays: 0 });
    expect(good.due).toEqual(at(10 * MINUTE));
    expect(good.stability).toBe(w[2]);
    expect(good.difficulty).toBeCloseTo(w[4]! - Math.exp(2 * w[5]!) + 1, 8);
    expect(good.lastReview).toEqual(NOW);

    // Easy skips the steps. At retention 0.9 the interval is round(S) = round(w3) days.
    const easy = schedule(fresh, 4, NOW, DEFAULT_SCHEDULER_SETTINGS).next;
    expect(easy.state).toBe("REVIEW");
    expect(easy.stability).toBe(w[3]);
    expect(easy.scheduledDays).toBe(Math.round(w[3]!));
    expect(easy.due).toEqual(at(Math.round(w[3]!) * DAY));
    expect(easy.difficulty).toBe(1); // w4 - e^(3 w5) + 1 < 1, clamped
  });

  it.each([
    { name: "default settings", settings: DEFAULT_SCHEDULER_SETTINGS },
    { name: "custom weights, retention and steps", settings: CUSTOM },
  ])("matches ts-fsrs step by step for fixed sequences ($name)", ({ settings }) => {
    const ref = reference(settings);
    const sequences: { rating: Rating; afterMs: number }[][] = [
      // learn, graduate, two on-time reviews, a lapse, relearn
      [
        { rating: 3, afterMs: 0 },
        { rating: 3, afterMs: 10 * MINUTE },
        { rating: 3, afterMs: 3 * DAY },
        { rating: 2, afterMs: 9 * DAY },
        { rating: 1, afterMs: 30 * DAY },
        { rating: 3, afterMs: 10 * MINUTE },
        { rating: 4, afterMs: 2 * DAY },
      ],
      // failing repeatedly, then easy
      [
        { rating: 1, afterMs: 0 },
        { rating: 1, afterMs: MINUTE },
        { rating: 2, afterMs: MINUTE },
        { rating: 4, afterMs: 5 * MINUTE },
        { rating: 1, afterMs: 40 * DAY },
      ],
      // reviewed early (same day) and very late
      [
        { rating: 4, afterMs: 0 },
        { rating: 3, afterMs: 2 * 3600_000 },
        { rating: 3, afterMs: 400 * DAY },
      ],
    ];
    for (const sequence of sequences) {
      let mine = newMemoryState(NOW);
      let theirs = createEmptyCard(NOW);
      let time = NOW.getTime();
      for (const { rating, afterMs } of sequence) {
        time += afterMs;
        const when = new Date(time);
        mine = schedule(mine, rating, when, settings).next;
        theirs = ref.next(theirs, when, rating as Grade).card;
        expect(mine).toEqual(expectedFrom(theirs));
      }
    }
  });

  it("respects the maximum interval", () => {
    let state = newMemoryState(NOW);
    let time = NOW.getTime();
    for (let i = 0; i < 12; i++) {
      state = schedule(state, 4, new Date(time), CUSTOM).next;
      expect(state.scheduledDays).toBeLessThanOrEqual(365);
      time = state.due.getTime();
    }
    expect(state.scheduledDays).toBe(365);
  });

  it("logs the card as it was before the review", () => {
    const first = schedule(newMemoryState(NOW), 3, NOW, DEFAULT_SCHEDULER_SETTINGS).next;
    const second = schedule(first, 3, at(10 * MINUTE), DEFAULT_SCHEDULER_SETTINGS).next;
    const reviewedAt = at(5 * DAY);
    const { log } = schedule(second, 1, reviewedAt, DEFAULT_SCHEDULER_SETTINGS);
    expect(log).toEqual({
      rating: 1,
      state: "REVIEW",
      due: second.due,
      stability: second.stability,
      difficulty: second.difficulty,
      elapsedDays: 5,
      lastElapsedDays: second.elapsedDays,
      scheduledDays: second.scheduledDays,
      learningSteps: second.learningSteps,
      reviewedAt,
    });
  });

  it("does not share Date objects with its inputs", () => {
    const reviewedAt = new Date(NOW.getTime());
    const { next, log } = schedule(newMemoryState(NOW), 3, reviewedAt, DEFAULT_SCHEDULER_SETTINGS);
    reviewedAt.setTime(0);
    expect(next.lastReview).toEqual(NOW);
    expect(log.reviewedAt).toEqual(NOW);
  });
});

describe("schedule: errors", () => {
  const reviewed = schedule(newMemoryState(NOW), 3, NOW, DEFAULT_SCHEDULER_SETTINGS).next;

  it("refuses a review dated before the card's last review", () => {
    expect(() => schedule(reviewed, 3, at(-1), DEFAULT_SCHEDULER_SETTINGS)).toThrow(ReviewOrderError);
    expect(() => schedule(reviewed, 3, at(-1), DEFAULT_SCHEDULER_SETTINGS)).toThrow(/earlier than the card's last review/);
    expect(() => previewIntervals(reviewed, at(-1), DEFAULT_SCHEDULER_SETTINGS)).toThrow(ReviewOrderError);
    // The same instant is allowed (two answers in the same millisecond stay in order).
    expect(schedule(reviewed, 3, NOW, DEFAULT_SCHEDULER_SETTINGS).next.reps).toBe(2);
  });

  it("refuses ratings outside 1-4 and invalid dates", () => {
    expect(() => schedule(reviewed, 5 as Rating, at(DAY), DEFAULT_SCHEDULER_SETTINGS)).toThrow(SrsError);
    expect(() => schedule(reviewed, 3, new Date(Number.NaN), DEFAULT_SCHEDULER_SETTINGS)).toThrow(SrsError);
  });

  it.each([
    { desiredRetention: 0.5 },
    { desiredRetention: 1 },
    { weights: [1, 2, 3] },
    { weights: default_w.map((w, i) => (i === 3 ? Number.NaN : w)) },
    { learningSteps: ["10x"] },
    { relearningSteps: ["1.5m"] },
    { maximumIntervalDays: 0 },
  ])("refuses invalid settings %o", (patch) => {
    const settings = { ...DEFAULT_SCHEDULER_SETTINGS, ...patch } as SchedulerSettings;
    expect(() => schedule(reviewed, 3, at(DAY), settings)).toThrow(InvalidSettingsError);
  });
});

describe("fsrsFor cache", () => {
  it("reuses one instance per settings object and per equal settings", () => {
    const settings: SchedulerSettings = { ...CUSTOM };
    const first = fsrsFor(settings);
    expect(fsrsFor(settings)).toBe(first);
    expect(fsrsFor({ ...CUSTOM, learningSteps: [...CUSTOM.learningSteps] })).toBe(first);
    expect(fsrsFor({ ...CUSTOM, desiredRetention: 0.86 })).not.toBe(first);
  });
});

/** A random but reproducible review history for one card, built by successive `schedule` calls. */
function randomWalk(seed: string, settings: SchedulerSettings, length: number) {
  const rng = seedrandom(seed);
  let state = newMemoryState(NOW);
  const states: MemoryState[] = [state];
  const logs: ReplayableLog[] = [];
  let time = NOW.getTime();
  for (let i = 0; i < length; i++) {
    const rating = (1 + Math.floor(rng() * 4)) as Rating;
    // Sometimes on time, sometimes early, sometimes late, sometimes in the same minute.
    const roll = rng();
    const dueGap = Math.max(0, state.due.getTime() - time);
    const gap =
      i === 0
        ? 0
        : roll < 0.4
          ? dueGap
          : roll < 0.6
            ? Math.floor(dueGap * rng())
            : roll < 0.8
              ? dueGap + Math.floor(rng() * 60 * DAY)
              : Math.floor(rng() * 90_000);
    time += gap;
    const reviewedAt = new Date(time);
    state = schedule(state, rating, reviewedAt, settings).next;
    states.push(state);
    logs.push({ rating, reviewedAt });
  }
  return { states, logs };
}

describe("replay", () => {
  it.each([
    { name: "default settings", settings: DEFAULT_SCHEDULER_SETTINGS },
    { name: "custom settings", settings: CUSTOM },
  ])("gives exactly the state that successive schedule calls stored ($name)", ({ settings }) => {
    for (let seed = 1; seed <= 25; seed++) {
      const { states, logs } = randomWalk(`replay-${seed}`, settings, 1 + (seed % 30));
      for (let n = 0; n <= logs.length; n++) {
        expect(replay(logs.slice(0, n), settings, NOW)).toEqual(states[n]);
      }
    }
  });

  it("returns a new card for an empty history and rejects logs out of order", () => {
    expect(replay([], DEFAULT_SCHEDULER_SETTINGS, NOW)).toEqual(newMemoryState(NOW));
    const logs: ReplayableLog[] = [
      { rating: 3, reviewedAt: at(DAY) },
      { rating: 3, reviewedAt: at(0) },
    ];
    expect(() => replay(logs, DEFAULT_SCHEDULER_SETTINGS, NOW)).toThrow(ReviewOrderError);
  });
});

describe("previewIntervals", () => {
  it("matches schedule for every rating on states along random histories", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { states } = randomWalk(`preview-${seed}`, CUSTOM, 12);
      for (const state of states) {
        const now = new Date(Math.max(state.due.getTime(), state.lastReview?.getTime() ?? 0) + seed * 3600_000);
        const preview = previewIntervals(state, now, CUSTOM);
        for (const rating of [1, 2, 3, 4] as const) {
          const { next } = schedule(state, rating, now, CUSTOM);
          expect(preview[rating].rating).toBe(rating);
          expect(preview[rating].due).toEqual(next.due);
          expect(preview[rating].intervalMs).toBe(next.due.getTime() - now.getTime());
          expect(preview[rating].label).toBe(formatInterval(next.due.getTime() - now.getTime()));
        }
      }
    }
  });

  it("labels a new card's buttons with the default steps", () => {
    const preview = previewIntervals(newMemoryState(NOW), NOW, DEFAULT_SCHEDULER_SETTINGS);
    expect([preview[1].label, preview[2].label, preview[3].label, preview[4].label]).toEqual([
      "1m",
      "6m",
      "10m",
      `${Math.round(default_w[3]!)}d`,
    ]);
  });
});

describe("formatInterval", () => {
  it.each([
    [0, "<1m"],
    [59_999, "<1m"],
    [MINUTE, "1m"],
    [10 * MINUTE, "10m"],
    [90 * MINUTE, "1.5h"],
    [5 * 3600_000, "5h"],
    [DAY, "1d"],
    [29 * DAY, "29d"],
    [96 * DAY, "3.2mo"],
    [500 * DAY, "1.4y"],
    [-5, "<1m"],
  ])("%d ms -> %s", (ms, label) => {
    expect(formatInterval(ms)).toBe(label);
  });
});
