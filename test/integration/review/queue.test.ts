import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { introduceCards } from "@/lib/db/collection";
import { todayQueue } from "@/lib/db/queue";
import { recordReview } from "@/lib/db/reviews";
import type { Rating } from "@/lib/srs";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { cardId, eventId, reviewFixture, type ReviewFixture } from "./fixtures";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let f: ReviewFixture;

// Ada studies in New York with days starting at 04:00 local time (EST, UTC-5, in early March 2026).
const T = new Date("2026-03-01T12:00:00Z"); // 07:00 on study day March 1
const minutes = (m: number) => new Date(T.getTime() + m * 60_000);

beforeAll(async () => {
  t = await migratedDatabase();
  f = await reviewFixture(t.db);
  await t.db.userSettings.update({
    where: { userId: f.ada.id },
    data: { timezone: "America/New_York", dayStartHour: 4, newPerDay: 2, maxReviewsPerDay: 3 },
  });
});
afterAll(async () => {
  await t.drop();
});

const keyOf = (id: string) => Object.entries(f.cards).find(([, v]) => v === id)?.[0] ?? id;
async function queueKeys(now: Date) {
  const q = await todayQueue(f.ada, now);
  return { q, keys: q.items.map((i) => `${i.kind}:${keyOf(i.cardId)}`) };
}
const grade = (key: string, rating: Rating, at: Date) =>
  recordReview({ userId: f.ada.id, cardId: cardId(f, key), rating, source: "REVIEW", reviewedAt: at, clientEventId: eventId() }, { now: at });

describe(`today's queue on ${dbKind}`, () => {
  test("an empty collection gives an empty queue", async () => {
    const q = await todayQueue(f.ada, T);
    expect(q.items).toEqual([]);
    expect(q.collectionSize).toBe(0);
    expect(q.day).toEqual({ start: new Date("2026-03-01T09:00:00Z"), end: new Date("2026-03-02T09:00:00Z") });
  });

  test("introducing cards is idempotent and skips retired cards", async () => {
    const all = [...Object.values(f.cards), f.retiredCardId];
    const first = await introduceCards(f.ada, all, T);
    expect(first.added).toHaveLength(8);
    expect(first.skippedRetired).toBe(1);
    const counts = await tableCounts(t);
    const second = await introduceCards(f.ada, all, minutes(1));
    expect(second).toEqual({ added: [], alreadyInCollection: 8, skippedRetired: 1 });
    expect(await tableCounts(t)).toEqual(counts);
    await expect(introduceCards(f.ada, ["nope"], T)).rejects.toThrow(/do not exist/);
  });

  test("new cards: concepts whose prerequisites are started come first, then course order, up to the daily limit", async () => {
    // A retired card already in the collection (retired after it was added) and overdue never shows.
    await t.db.cardState.create({
      data: { userId: f.ada.id, cardId: f.retiredCardId, state: "REVIEW", due: new Date("2026-02-01T00:00:00Z"), stability: 3, difficulty: 5, reps: 2, lastReview: new Date("2026-01-29T00:00:00Z") },
    });
    const { q, keys } = await queueKeys(T);
    // Concept c is first in course order but needs b, which needs a: nothing started, so a's cards come first.
    expect(keys).toEqual(["new:a1", "new:a2"]);
    expect(q.counts).toEqual({ new: 2, learning: 0, review: 0 });
    expect(q.collectionSize).toBe(8);
    expect(q.newInCollection).toBe(8);
  });

  test("learning cards come back when due, outside the daily limits", async () => {
    await grade("a1", 3, T);
    await grade("a2", 1, T);
    const { q: right, keys: none } = await queueKeys(T);
    expect(none).toEqual([]); // both new cards of the day used, both in learning steps
    expect(right.newToday).toBe(2);
    expect(right.reviewedToday).toBe(2);
    // a2 (Again) comes back after the 1-minute step, a1 (Good) after 10 minutes.
    expect(right.nextLearningDue).toEqual(minutes(1));
    expect((await queueKeys(minutes(2))).keys).toEqual(["learning:a2"]);
    expect((await queueKeys(minutes(11))).keys).toEqual(["learning:a2", "learning:a1"]);
    await grade("a2", 3, minutes(11));
    await grade("a1", 3, minutes(11));
    await grade("a2", 3, minutes(22));
    const after = await queueKeys(minutes(23));
    expect(after.keys).toEqual([]);
    expect(after.q.nextDue).not.toBeNull();
  });

  test("the study day turns at 04:00 in the learner's time zone, not at UTC midnight", async () => {
    // 03:30 in New York on March 2 still belongs to study day March 1: no new cards yet.
    const lateNight = new Date("2026-03-02T08:30:00Z");
    const before = await queueKeys(lateNight);
    expect(before.q.newToday).toBe(2);
    expect(before.keys.filter((k) => k.startsWith("new:"))).toEqual([]);
    // 04:30: a new study day, a new allowance. a is started, so b is ready; c (needs b) still waits.
    const morning = new Date("2026-03-02T09:30:00Z");
    const next = await queueKeys(morning);
    expect(next.q.newToday).toBe(0);
    expect(next.q.day.start).toEqual(new Date("2026-03-02T09:00:00Z"));
    expect(next.keys.filter((k) => k.startsWith("new:"))).toEqual(["new:a3", "new:b1"]);
  });

  test("reviews are capped by max reviews per day, and new cards get only what reviews leave", async () => {
    // Far enough ahead that a1 and a2 are due for review.
    const later = new Date("2026-03-20T15:00:00Z");
    const { q, keys } = await queueKeys(later);
    expect(keys.slice(0, 2).sort()).toEqual(["review:a1", "review:a2"]);
    expect(q.counts).toEqual({ learning: 0, review: 2, new: 1 });
    await t.db.userSettings.update({ where: { userId: f.ada.id }, data: { maxReviewsPerDay: 1 } });
    const capped = await queueKeys(later);
    expect(capped.q.counts).toEqual({ learning: 0, review: 1, new: 0 });
    // One review done today uses the whole cap.
    const first = capped.q.items[0];
    if (!first) throw new Error("expected a review");
    await recordReview({ userId: f.ada.id, cardId: first.cardId, rating: 3, source: "REVIEW", reviewedAt: later, clientEventId: eventId() }, { now: later });
    expect((await queueKeys(new Date(later.getTime() + 60_000))).keys).toEqual([]);
    await t.db.userSettings.update({ where: { userId: f.ada.id }, data: { maxReviewsPerDay: 3 } });
  });

  test("another learner's cards never appear", async () => {
    const q = await todayQueue(f.bob, new Date("2026-03-20T15:00:00Z"));
    expect(q.items).toEqual([]);
    expect(q.collectionSize).toBe(0);
  });
});
