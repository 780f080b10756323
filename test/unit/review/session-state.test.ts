import { describe, expect, test } from "vitest";

import type { ReviewCardDto, ReviewSessionDto } from "@/lib/review/api-schema";
import { answerDurationMs, initialScreenState, isRetryable, retryDelayMs, screenReducer, type GradedEntry, type ScreenState } from "@/lib/review/session-state";
import type { QueueKind } from "@/lib/srs";

const card = (id: string, kind: QueueKind = "review"): ReviewCardDto => ({
  cardId: id, cardKey: id, kind, conceptKey: "c", conceptTitle: "C", frontHtml: `front ${id}`, backHtml: `back ${id}`,
  extraHtml: null, lab: null, previews: [],
});
const session = (ids: string[], counts: Partial<Record<QueueKind, number>> = {}): ReviewSessionDto => ({
  counts: { new: 0, learning: 0, review: ids.length, ...counts },
  cards: ids.map((id) => card(id)),
  reviewedToday: 0, newToday: 0, nextLearningDue: null, nextDue: null, dayEnd: "2026-01-02T04:00:00.000Z",
  collectionSize: 10, newInCollection: 0, limits: { newPerDay: 20, maxReviewsPerDay: 200 },
});
const entry = (s: ScreenState, id: string): GradedEntry => ({ clientEventId: `e-${id}`, card: s.cards[0] ?? card(id), rating: 3, logId: null });
const ids = (s: ScreenState) => s.cards.map((c) => c.cardId);

describe("review screen state", () => {
  test("grading shows the next card at once, and a stale server slice cannot bring a pending card back", () => {
    let s = initialScreenState(session(["a", "b", "c"]));
    s = screenReducer(s, { type: "reveal" });
    s = screenReducer(s, { type: "graded", entry: entry(s, "a") });
    expect(ids(s)).toEqual(["b", "c"]);
    expect(s.revealed).toBe(false);
    expect(s.meta.counts.review).toBe(2);
    expect(s.done).toBe(1);
    s = screenReducer(s, { type: "reveal" });
    s = screenReducer(s, { type: "graded", entry: entry(s, "b") });
    // The answer to "a" was computed before "b" was graded: it still lists b.
    s = screenReducer(s, { type: "confirmed", clientEventId: "e-a", logId: "log-a", session: session(["b", "c", "d"]) });
    expect(ids(s)).toEqual(["c", "d"]);
    expect(s.meta.counts.review).toBe(2);
    expect(s.history.map((h) => h.logId)).toEqual(["log-a", null]);
  });

  test("grading is ignored before the answer is shown or for a card no longer on screen", () => {
    const s = initialScreenState(session(["a", "b"]));
    const notRevealed = screenReducer(s, { type: "graded", entry: { clientEventId: "x", card: card("b"), rating: 3, logId: null } });
    expect(ids(notRevealed)).toEqual(["a", "b"]);
  });

  test("the card on screen stays first when a response reorders the queue", () => {
    let s = initialScreenState(session(["a", "b"]));
    s = screenReducer(s, { type: "reveal" });
    s = screenReducer(s, { type: "refreshed", session: session(["b", "x", "a"]) });
    expect(ids(s)).toEqual(["a", "b", "x"]);
    expect(s.revealed).toBe(true);
  });

  test("undo brings the last graded card back first and restores the counts; a refused grade does too", () => {
    let s = initialScreenState(session(["a", "b"]));
    s = screenReducer(s, { type: "reveal" });
    s = screenReducer(s, { type: "graded", entry: entry(s, "a") });
    s = screenReducer(s, { type: "undo" });
    expect(ids(s)).toEqual(["a", "b"]);
    expect(s.meta.counts.review).toBe(2);
    expect(s.history).toEqual([]);
    expect(s.done).toBe(0);
    s = screenReducer(s, { type: "undone", card: { ...card("a"), previews: [{ rating: 3, label: "3d" }] }, session: session(["b", "a"]) });
    expect(ids(s)).toEqual(["a", "b"]);
    expect(s.cards[0]?.previews).toEqual([{ rating: 3, label: "3d" }]);

    s = screenReducer(s, { type: "reveal" });
    s = screenReducer(s, { type: "graded", entry: entry(s, "a") });
    s = screenReducer(s, { type: "failed", clientEventId: "e-a" });
    expect(ids(s)).toEqual(["a", "b"]);
    expect(s.pending).toEqual([]);
    expect(s.history).toEqual([]);
  });

  test("retry policy and answer time", () => {
    expect([null, 500, 503, 429].map(isRetryable)).toEqual([true, true, true, true]);
    expect([400, 403, 404, 409, 422].map(isRetryable)).toEqual([false, false, false, false, false]);
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(answerDurationMs(1000, 5500)).toBe(4500);
    expect(answerDurationMs(0, 3_600_000)).toBe(600_000);
    expect(answerDurationMs(10, 5)).toBe(0);
  });
});
