import { default_w, fsrs, createEmptyCard, Rating as FsrsRating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { InvalidSettingsError } from "@/lib/srs/errors";
import { newMemoryState, type MemoryState } from "@/lib/srs/memory-state";
import { decayOf, forgettingCurve, retrievability } from "@/lib/srs/retrievability";

const NOW = new Date("2026-03-01T08:00:00Z");
const DAY = 86_400_000;
const CUSTOM_WEIGHTS = default_w.map((w, i) => (i === 20 ? 0.5 : w));

function reviewed(stability: number): MemoryState {
  return { ...newMemoryState(NOW), state: "REVIEW", stability, difficulty: 5, reps: 2, lastReview: NOW };
}

/** R(t, S) written out independently of ts-fsrs. */
function formula(t: number, s: number, decay: number): number {
  const factor = Math.pow(0.9, -1 / decay) - 1;
  return Math.pow(1 + (factor * t) / s, -decay);
}

describe("retrievability", () => {
  it("is 1 right after a review and 0.9 after S days, for any decay", () => {
    for (const weights of [null, CUSTOM_WEIGHTS]) {
      for (const s of [0.3, 2.5, 40]) {
        expect(retrievability(reviewed(s), NOW, weights)).toBe(1);
        expect(retrievability(reviewed(s), new Date(NOW.getTime() + s * DAY), weights)).toBeCloseTo(0.9, 7);
      }
    }
  });

  it("follows R(t,S) = (1 + factor t/S)^-decay with the learner's w[20]", () => {
    for (const [weights, decay] of [
      [null, default_w[20]!],
      [CUSTOM_WEIGHTS, 0.5],
    ] as const) {
      for (const t of [0.5, 1, 3, 17.25, 200]) {
        const r = retrievability(reviewed(5), new Date(NOW.getTime() + t * DAY), weights);
        expect(r).toBeCloseTo(formula(t, 5, decay), 7);
        expect(forgettingCurve(t, 5, weights)).toBe(r);
      }
    }
  });

  it("decreases monotonically with time, faster with a larger decay", () => {
    let previous = 1;
    for (let t = 0.25; t <= 365; t += 0.25) {
      const r = retrievability(reviewed(7), new Date(NOW.getTime() + t * DAY), null);
      expect(r).toBeLessThan(previous);
      previous = r;
    }
    // Past S the steeper curve (decay 0.5) is below the default (decay 0.1542).
    const late = new Date(NOW.getTime() + 70 * DAY);
    expect(retrievability(reviewed(7), late, CUSTOM_WEIGHTS)).toBeLessThan(retrievability(reviewed(7), late, null));
  });

  it("agrees with ts-fsrs's get_retrievability at whole days", () => {
    const scheduler = fsrs({ enable_fuzz: false });
    const card = scheduler.next(createEmptyCard(NOW), NOW, FsrsRating.Easy).card;
    const memory: MemoryState = { ...reviewed(card.stability), lastReview: card.last_review ?? null };
    for (const days of [1, 5, 30]) {
      const when = new Date(NOW.getTime() + days * DAY);
      expect(retrievability(memory, when, null)).toBeCloseTo(scheduler.get_retrievability(card, when, false), 8);
    }
  });

  it("is 0 for a new card and 1 for a moment before the last review", () => {
    expect(retrievability(newMemoryState(NOW), new Date(NOW.getTime() + DAY), null)).toBe(0);
    expect(retrievability(reviewed(3), new Date(NOW.getTime() - DAY), null)).toBe(1);
  });

  it("validates the weights and clips the decay as the scheduler does", () => {
    expect(() => retrievability(reviewed(3), NOW, [1, 2, 3])).toThrow(InvalidSettingsError);
    expect(decayOf(default_w.map((w, i) => (i === 20 ? 5 : w)))).toBe(0.8);
    expect(decayOf(null)).toBe(default_w[20]);
  });
});
