import { State } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import {
  fromFsrsCard,
  newMemoryState,
  stateFromFsrs,
  stateToFsrs,
  toFsrsCard,
  type CardStateName,
  type MemoryState,
} from "@/lib/srs/memory-state";

const NOW = new Date("2026-03-01T08:00:00Z");

describe("memory state mapper", () => {
  it("creates a NEW card due now", () => {
    expect(newMemoryState(NOW)).toEqual({
      state: "NEW",
      due: NOW,
      stability: 0,
      difficulty: 0,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      reps: 0,
      lapses: 0,
      lastReview: null,
    });
  });

  it("maps every state both ways", () => {
    const pairs: [CardStateName, State][] = [
      ["NEW", State.New],
      ["LEARNING", State.Learning],
      ["REVIEW", State.Review],
      ["RELEARNING", State.Relearning],
    ];
    for (const [name, state] of pairs) {
      expect(stateToFsrs(name)).toBe(state);
      expect(stateFromFsrs(state)).toBe(name);
    }
  });

  it("round-trips a card field by field without sharing dates", () => {
    const memory: MemoryState = {
      state: "RELEARNING",
      due: new Date("2026-03-05T10:00:00Z"),
      stability: 3.25,
      difficulty: 6.5,
      elapsedDays: 4,
      scheduledDays: 9,
      learningSteps: 1,
      reps: 7,
      lapses: 2,
      lastReview: new Date("2026-03-05T09:50:00Z"),
    };
    const card = toFsrsCard(memory);
    expect(card).toEqual({
      state: State.Relearning,
      due: memory.due,
      stability: 3.25,
      difficulty: 6.5,
      elapsed_days: 4,
      scheduled_days: 9,
      learning_steps: 1,
      reps: 7,
      lapses: 2,
      last_review: memory.lastReview,
    });
    expect(card.due).not.toBe(memory.due);
    expect(fromFsrsCard(card)).toEqual(memory);
    expect(toFsrsCard(newMemoryState(NOW)).last_review).toBeUndefined();
    expect(fromFsrsCard(toFsrsCard(newMemoryState(NOW))).lastReview).toBeNull();
  });
});
