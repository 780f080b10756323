import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEmptyCard, fsrs, type Grade } from "ts-fsrs";

import { recordReview, recordReviews, type ReviewEvent } from "@/lib/db/reviews";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { replay, DEFAULT_SCHEDULER_SETTINGS, type Rating } from "@/lib/srs";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { cardId, eventId, reviewFixture, type ReviewFixture } from "./fixtures";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let f: ReviewFixture;
const T0 = new Date("2026-03-02T09:00:00Z");
const at = (days: number, minutes = 0) => new Date(T0.getTime() + days * 86_400_000 + minutes * 60_000);

beforeAll(async () => {
  t = await migratedDatabase();
  f = await reviewFixture(t.db);
});
afterAll(async () => {
  await t.drop();
});

function event(userId: string, card: string, rating: Rating, reviewedAt: Date, extra: Partial<ReviewEvent> = {}): ReviewEvent {
  return { userId, cardId: card, rating, source: "REVIEW", reviewedAt, clientEventId: eventId(), ...extra };
}

async function stored(userId: string, card: string) {
  return t.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId: card } } });
}

async function logsOf(userId: string, card: string) {
  return t.db.reviewLog.findMany({ where: { userId, cardId: card }, orderBy: { reviewedAt: "asc" } });
}

describe(`recordReviews on ${dbKind}`, () => {
  test("schedules exactly as ts-fsrs does with the same settings (known answer, fixed dates)", async () => {
    const card = cardId(f, "a1");
    const plan: [Rating, Date][] = [
      [3, at(0)],
      [3, at(0, 10)],
      [1, at(3)],
      [3, at(3, 10)],
      [4, at(9)],
    ];
    // The reference: ts-fsrs itself, configured as the app's defaults say (fuzz off, short-term on).
    const scheduler = fsrs({
      request_retention: 0.9,
      maximum_interval: 36500,
      enable_fuzz: false,
      enable_short_term: true,
      learning_steps: ["1m", "10m"],
      relearning_steps: ["10m"],
    });
    let expected = createEmptyCard(at(0));
    const outcomes = [];
    for (const [rating, when] of plan) {
      const before = expected;
      expected = scheduler.next(expected, when, rating as Grade).card;
      const outcome = await recordReview(event(f.ada.id, card, rating, when), { now: when });
      outcomes.push(outcome);
      expect(outcome.dueAfter).toEqual(expected.due);
      expect(outcome.rating).toBe(rating);
      expect(outcome.duplicate).toBe(false);
      expect(outcome.cardKey).toBe("a1");
      expect(outcome.conceptKey).toBe("a");
      // Due dates before each review match the reference's card before it (the first was introduced).
      if (outcomes.length > 1) expect(outcome.dueBefore).toEqual(before.due);
    }
    expect(outcomes[0]?.dueBefore).toBeNull();
    expect(outcomes[0]?.stateBefore).toBe("NEW");
    expect(outcomes[2]?.stateBefore).toBe("REVIEW");
    expect(outcomes[2]?.stateAfter).toBe("RELEARNING");

    const row = await stored(f.ada.id, card);
    expect(row.due).toEqual(expected.due);
    expect(row.stability).toBeCloseTo(expected.stability, 12);
    expect(row.difficulty).toBeCloseTo(expected.difficulty, 12);
    expect(row.reps).toBe(expected.reps);
    expect(row.lapses).toBe(expected.lapses);
    expect(row.scheduledDays).toBe(expected.scheduled_days);
    expect(row.lastReview).toEqual(at(9));
    expect(row.version).toBe(plan.length);

    const logs = await logsOf(f.ada.id, card);
    expect(logs.map((l) => l.rating)).toEqual(plan.map(([r]) => r));
    // Each log's "before" is the previous log's "after": the chain has no gap.
    for (let i = 1; i < logs.length; i++) {
      expect(logs[i]?.stabilityBefore).toBe(logs[i - 1]?.stabilityAfter);
      expect(logs[i]?.dueBefore).toEqual(logs[i - 1]?.dueAfter);
    }
  });

  test("replaying a card's logs gives the stored state exactly", async () => {
    const card = cardId(f, "a1");
    const row = await stored(f.ada.id, card);
    const logs = await logsOf(f.ada.id, card);
    const replayed = replay(
      logs.map((l) => ({ rating: l.rating as Rating, reviewedAt: l.reviewedAt })),
      DEFAULT_SCHEDULER_SETTINGS,
      row.introducedAt,
    );
    expect({
      state: row.state,
      due: row.due,
      stability: row.stability,
      difficulty: row.difficulty,
      elapsedDays: row.elapsedDays,
      scheduledDays: row.scheduledDays,
      learningSteps: row.learningSteps,
      reps: row.reps,
      lapses: row.lapses,
      lastReview: row.lastReview,
    }).toEqual(replayed);
  });

  test("uses the learner's own settings (retention and steps)", async () => {
    await t.db.userSettings.create({
      data: { userId: f.bob.id, desiredRetention: 0.8, learningSteps: ["5m"], relearningSteps: [] },
    });
    const card = cardId(f, "a2");
    const reference = fsrs({ request_retention: 0.8, enable_fuzz: false, learning_steps: ["5m"], relearning_steps: [] });
    let expected = createEmptyCard(at(0));
    for (const [rating, when] of [[3, at(0)], [3, at(0, 5)], [3, at(4)]] as [Rating, Date][]) {
      expected = reference.next(expected, when, rating as Grade).card;
      const outcome = await recordReview(event(f.bob.id, card, rating, when), { now: when });
      expect(outcome.dueAfter).toEqual(expected.due);
    }
    await t.db.userSettings.delete({ where: { userId: f.bob.id } });
  });

  test("a repeated event id writes nothing and returns the first outcome", async () => {
    const card = cardId(f, "a3");
    const e = event(f.ada.id, card, 3, at(1));
    const first = await recordReview(e, { now: at(1) });
    const before = await tableCounts(t);
    const stateBefore = await stored(f.ada.id, card);
    const again = await recordReview({ ...e, rating: 1, clientEventId: e.clientEventId.toUpperCase() }, { now: at(1, 5) });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await tableCounts(t)).toEqual(before);
    expect(await stored(f.ada.id, card)).toEqual(stateBefore);

    // Within one batch too: the second copy reports the first.
    const e2 = event(f.ada.id, card, 3, at(1, 10));
    const [o1, o2] = await recordReviews([e2, { ...e2 }], { now: at(1, 10) });
    expect(o1?.duplicate).toBe(false);
    expect(o2).toEqual({ ...o1, duplicate: true });
    expect((await logsOf(f.ada.id, card)).length).toBe(2);
  });

  test("a repeated event id naming a card not yet in the collection introduces nothing", async () => {
    const e = event(f.ada.id, cardId(f, "a1"), 3, at(40));
    const first = await recordReview(e, { now: at(40) });
    const fresh = cardId(f, "b3");
    expect(await t.db.cardState.count({ where: { userId: f.ada.id, cardId: fresh } })).toBe(0);
    const before = await tableCounts(t);
    const again = await recordReview({ ...e, cardId: fresh }, { now: at(40, 1) });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await tableCounts(t)).toEqual(before);
    expect(await t.db.cardState.count({ where: { userId: f.ada.id, cardId: fresh } })).toBe(0);
  });

  test("the same event id retried concurrently is applied once", async () => {
    const card = cardId(f, "b1");
    const e = event(f.ada.id, card, 3, at(2));
    const results = await Promise.all([recordReview(e, { now: at(2) }), recordReview({ ...e }, { now: at(2) }), recordReview({ ...e }, { now: at(2) })]);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.logId)).size).toBe(1);
    expect((await logsOf(f.ada.id, card)).length).toBe(1);
  });

  test("two concurrent grades of one card keep both logs, in order, with no lost update", async () => {
    const card = cardId(f, "b2");
    await recordReview(event(f.ada.id, card, 3, at(0)), { now: at(0) });
    const when = at(0, 30);
    const results = await Promise.all([
      recordReview(event(f.ada.id, card, 3, when), { now: when }),
      recordReview(event(f.ada.id, card, 1, when), { now: when }),
      recordReview(event(f.ada.id, card, 3, when), { now: when }),
    ]);
    const logs = await logsOf(f.ada.id, card);
    expect(logs).toHaveLength(4);
    // Strictly increasing review times: the order the grades were applied in is the order replay uses.
    for (let i = 1; i < logs.length; i++) expect(logs[i]!.reviewedAt.getTime()).toBeGreaterThan(logs[i - 1]!.reviewedAt.getTime());
    for (let i = 1; i < logs.length; i++) expect(logs[i]?.dueBefore).toEqual(logs[i - 1]?.dueAfter);
    const row = await stored(f.ada.id, card);
    expect(row.reps).toBe(4);
    expect(row.version).toBe(4);
    expect(new Set(results.map((r) => r.logId)).size).toBe(3);
    const replayed = replay(logs.map((l) => ({ rating: l.rating as Rating, reviewedAt: l.reviewedAt })), DEFAULT_SCHEDULER_SETTINGS, row.introducedAt);
    expect(replayed.due).toEqual(row.due);
    expect(replayed.stability).toBe(row.stability);
  });

  test("two concurrent first grades of a card introduce it once and keep both logs, in order", async () => {
    const card = cardId(f, "b2");
    expect(await t.db.cardState.count({ where: { userId: f.bob.id, cardId: card } })).toBe(0);
    const when = at(1);
    const results = await Promise.all([
      recordReview(event(f.bob.id, card, 3, when), { now: when }),
      recordReview(event(f.bob.id, card, 3, when), { now: when }),
    ]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    // Exactly one of them found the card outside the collection.
    expect(results.filter((r) => r.dueBefore === null)).toHaveLength(1);
    const logs = await logsOf(f.bob.id, card);
    expect(logs.map((l) => l.stateBefore)).toEqual(["NEW", "LEARNING"]);
    expect(logs[1]?.dueBefore).toEqual(logs[0]?.dueAfter);
    const row = await stored(f.bob.id, card);
    expect(row.reps).toBe(2);
    expect(row.version).toBe(2);
  });

  test("a batch applies events in order and introduces cards not yet in the collection", async () => {
    const c1 = cardId(f, "c1");
    const c2 = cardId(f, "c2");
    const outcomes = await recordReviews(
      [event(f.bob.id, c1, 1, at(5)), event(f.bob.id, c2, 3, at(5)), event(f.bob.id, c1, 3, at(5, 1))],
      { now: at(5, 1) },
    );
    expect(outcomes.map((o) => [o.cardKey, o.stateBefore, o.dueBefore === null])).toEqual([
      ["c1", "NEW", true],
      ["c2", "NEW", true],
      ["c1", "LEARNING", false],
    ]);
    expect(outcomes[2]?.dueBefore).toEqual(outcomes[0]?.dueAfter);
    expect((await stored(f.bob.id, c1)).reps).toBe(2);
  });

  test("a review dated a moment before the last one (another tab) is applied just after it", async () => {
    const card = cardId(f, "c1");
    const last = (await stored(f.bob.id, card)).lastReview!;
    const o = await recordReview(event(f.bob.id, card, 3, new Date(last.getTime() - 500)), { now: at(5, 2) });
    expect(o.duplicate).toBe(false);
    const logs = await logsOf(f.bob.id, card);
    expect(logs.at(-1)?.reviewedAt).toEqual(new Date(last.getTime() + 1));
  });

  test("bad input is refused with a typed 4xx error and nothing written", async () => {
    const card = cardId(f, "a1");
    const now = at(20);
    const good = event(f.ada.id, card, 3, now);
    const cases: [string, ReviewEvent | ReviewEvent[], new (...args: never[]) => Error, RegExp][] = [
      ["unknown card", { ...good, cardId: "no-such-card" }, NotFoundError, /does not exist/],
      ["retired card", { ...good, cardId: f.retiredCardId }, ConflictError, /retired/],
      ["unknown learner", { ...good, userId: "no-such-user" }, NotFoundError, /learner/],
      ["rating 0", { ...good, rating: 0 as Rating }, ValidationError, /rating/i],
      ["rating 5", { ...good, rating: 5 as Rating }, ValidationError, /rating/i],
      ["rating 2.5", { ...good, rating: 2.5 as Rating }, ValidationError, /rating/i],
      ["malformed event id", { ...good, clientEventId: "not-a-uuid" }, ValidationError, /UUID/],
      ["missing event id", { ...good, clientEventId: undefined as unknown as string }, ValidationError, /UUID/],
      ["far future", { ...good, reviewedAt: at(21) }, ValidationError, /future/],
      ["six minutes ahead", { ...good, reviewedAt: new Date(now.getTime() + 6 * 60_000) }, ValidationError, /future/],
      ["invalid date", { ...good, reviewedAt: new Date("nope") }, ValidationError, /valid date/],
      ["before the last review", { ...good, reviewedAt: at(8) }, ValidationError, /before the card's last review/],
      ["negative duration", { ...good, durationMs: -1 }, ValidationError, /answer time/],
      ["unknown source", { ...good, source: "GUESS" as ReviewEvent["source"] }, ValidationError, /source/],
      // One bad event spoils the batch: the good one before it is not written either.
      ["bad event in a batch", [event(f.ada.id, cardId(f, "b3"), 3, now), { ...good, rating: 7 as Rating }], ValidationError, /rating/i],
      ["retired card in a batch", [event(f.ada.id, cardId(f, "b3"), 3, now), { ...good, cardId: f.retiredCardId }], ConflictError, /retired/],
      ["late bad date in a batch", [event(f.ada.id, cardId(f, "b3"), 3, now), { ...good, reviewedAt: at(8) }], ValidationError, /last review/],
    ];
    const before = await tableCounts(t);
    const stateBefore = await stored(f.ada.id, card);
    for (const [name, input, ErrorClass, message] of cases) {
      const attempt = recordReviews(Array.isArray(input) ? input : [input], { now });
      await expect(attempt, name).rejects.toBeInstanceOf(ErrorClass);
      await expect(attempt, name).rejects.toThrow(message);
    }
    expect(await tableCounts(t)).toEqual(before);
    expect(await stored(f.ada.id, card)).toEqual(stateBefore);
  });

  test("an event id already used by another learner is a conflict that reveals nothing", async () => {
    const e = event(f.ada.id, cardId(f, "a2"), 3, at(20));
    await recordReview(e, { now: at(20) });
    const before = await tableCounts(t);
    const attempt = recordReview({ ...e, userId: f.bob.id }, { now: at(20) });
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("runs inside the caller's transaction and rolls back with it", async () => {
    const before = await tableCounts(t);
    const attempt = t.db.$transaction(async (tx) => {
      await recordReview(event(f.bob.id, cardId(f, "a3"), 3, at(20)), { now: at(20), tx });
      throw new Error("caller failed");
    });
    await expect(attempt).rejects.toThrow("caller failed");
    expect(await tableCounts(t)).toEqual(before);
  });
});
