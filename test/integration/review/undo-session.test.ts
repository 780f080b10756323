import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { introduceCards } from "@/lib/db/collection";
import { gradeCard, labHref, reviewSession, undoGrade } from "@/lib/db/review-session";
import { recordReview } from "@/lib/db/reviews";
import { undoReview } from "@/lib/db/review-undo";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { gradeRequestSchema } from "@/lib/review/api-schema";
import { DEFAULT_SCHEDULER_SETTINGS, newMemoryState, previewIntervals, RATINGS, replay, type Rating } from "@/lib/srs";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { cardId, eventId, reviewFixture, type ReviewFixture } from "./fixtures";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let f: ReviewFixture;
const T = new Date("2026-04-01T10:00:00Z");
const at = (days: number, minutes = 0) => new Date(T.getTime() + days * 86_400_000 + minutes * 60_000);

beforeAll(async () => {
  t = await migratedDatabase();
  f = await reviewFixture(t.db);
});
afterAll(async () => {
  await t.drop();
});

const memoryColumns = {
  state: true, due: true, stability: true, difficulty: true, elapsedDays: true, scheduledDays: true,
  learningSteps: true, reps: true, lapses: true, lastReview: true,
} as const;
const stateOf = (userId: string, card: string) =>
  t.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId, cardId: card } }, select: memoryColumns });
const grade = (userId: string, card: string, rating: Rating, when: Date, source: "REVIEW" | "QUIZ" = "REVIEW") =>
  recordReview({ userId, cardId: card, rating, source, reviewedAt: when, clientEventId: eventId() }, { now: when });

describe(`undo on ${dbKind}`, () => {
  test("undo restores the exact prior state (the replay of the remaining logs) and deletes only that log", async () => {
    const card = cardId(f, "a1");
    const plan: [Rating, Date][] = [[3, at(0)], [3, at(0, 10)], [3, at(3)], [1, at(9)]];
    const snapshots = [];
    const logIds = [];
    for (const [rating, when] of plan) {
      if (logIds.length > 0) snapshots.push(await stateOf(f.ada.id, card));
      logIds.push((await grade(f.ada.id, card, rating, when)).logId);
    }
    // The last grade was a lapse (Again on a REVIEW card): undo takes the lapse back too.
    expect((await stateOf(f.ada.id, card)).lapses).toBe(1);
    for (let i = plan.length - 1; i >= 1; i--) {
      const before = await tableCounts(t);
      await undoReview(f.ada, logIds[i] as string);
      const restored = await stateOf(f.ada.id, card);
      expect(restored).toEqual(snapshots[i - 1]);
      const remaining = await t.db.reviewLog.findMany({ where: { userId: f.ada.id, cardId: card }, orderBy: { reviewedAt: "asc" } });
      expect(remaining.map((l) => l.id)).toEqual(logIds.slice(0, i));
      expect(restored).toEqual(replay(remaining.map((l) => ({ rating: l.rating as Rating, reviewedAt: l.reviewedAt })), DEFAULT_SCHEDULER_SETTINGS, T));
      expect(await tableCounts(t)).toEqual({ ...before, ReviewLog: (before.ReviewLog ?? 0) - 1 });
    }
    // Undoing the first grade puts the card back to NEW, still in the collection.
    await undoReview(f.ada, logIds[0] as string);
    expect(await stateOf(f.ada.id, card)).toMatchObject({ state: "NEW", reps: 0, lastReview: null, due: at(0) });
  });

  test("only the latest grade of a card, only your own, only from the review screen", async () => {
    const card = cardId(f, "a2");
    const first = await grade(f.ada.id, card, 3, at(1));
    await grade(f.ada.id, card, 3, at(1, 10));
    const quiz = await grade(f.ada.id, cardId(f, "a3"), 3, at(1), "QUIZ");
    const before = await tableCounts(t);
    await expect(undoReview(f.ada, first.logId)).rejects.toBeInstanceOf(ConflictError);
    await expect(undoReview(f.bob, first.logId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(undoReview(f.ada, "no-such-log")).rejects.toBeInstanceOf(NotFoundError);
    await expect(undoReview(f.ada, quiz.logId)).rejects.toBeInstanceOf(ConflictError);
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe(`review session on ${dbKind}`, () => {
  test("the session renders cards server-side with previews and a lab link, and grading moves the counts", async () => {
    await t.db.lab.create({ data: { key: "vanishing-gradients", title: "Vanishing gradients", summary: "s", predictions: [], contentHash: "h" } });
    await t.db.card.update({ where: { id: cardId(f, "b1") }, data: { labKey: "vanishing-gradients", labConfig: { depth: 20, activation: "sigmoid" } } });
    await introduceCards(f.bob, [cardId(f, "b1"), cardId(f, "b2")], at(2));
    const session = await reviewSession(f.bob, at(2));
    expect(session.counts).toEqual({ new: 2, learning: 0, review: 0 });
    const [b1] = session.cards;
    expect(b1?.cardKey).toBe("b1");
    expect(b1?.frontHtml).toContain("katex"); // "$x_1$" is typeset on the server
    expect(b1?.backHtml).toBe("Back of b1");
    expect(b1?.lab).toEqual({ title: "Vanishing gradients", href: "/labs/vanishing-gradients?depth=20&activation=sigmoid&from=review" });
    // Each button shows what scheduling a NEW card with that rating would give (the scheduler is the reference).
    const reference = previewIntervals(newMemoryState(at(2)), at(2), DEFAULT_SCHEDULER_SETTINGS);
    expect(b1?.previews).toEqual(RATINGS.map((rating) => ({ rating, label: reference[rating].label })));

    const response = await gradeCard(f.bob, { cardId: cardId(f, "b1"), rating: 3, clientEventId: eventId(), durationMs: 4200 }, at(2));
    expect(response.outcome.duplicate).toBe(false);
    // A grade answers with its outcome only; the session read next reflects it.
    expect(Object.keys(response)).toEqual(["outcome"]);
    const after = await reviewSession(f.bob, at(2));
    expect(after.counts).toEqual({ new: 1, learning: 0, review: 0 });
    expect(after.reviewedToday).toBe(1);
    expect(after.cards.map((c) => c.cardKey)).toEqual(["b2"]);

    const undone = await undoGrade(f.bob, { logId: response.outcome.logId }, at(2, 1));
    expect(undone.card?.cardKey).toBe("b1");
    expect(undone.session.counts).toEqual({ new: 2, learning: 0, review: 0 });
    expect(undone.session.reviewedToday).toBe(0);
  });

  test("a body naming another learner, or a malformed body, is refused and writes nothing", async () => {
    const before = await tableCounts(t);
    const input = { cardId: cardId(f, "b2"), rating: 3 as const, clientEventId: eventId() };
    await expect(gradeCard(f.bob, { ...input, userId: f.ada.id }, at(2))).rejects.toBeInstanceOf(ForbiddenError);
    const bad: unknown[] = [
      { ...input, rating: 5 },
      { ...input, rating: "3" },
      { ...input, clientEventId: "abc" },
      { cardId: input.cardId, rating: 3 },
      { ...input, reviewedAt: "tomorrow" },
      { ...input, durationMs: -5 },
      { rating: 3, clientEventId: input.clientEventId },
    ];
    for (const body of bad) expect(gradeRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    expect(gradeRequestSchema.safeParse(input).success).toBe(true);
    // Dated far in the future through the request body: the data layer refuses it.
    await expect(gradeCard(f.bob, { ...input, reviewedAt: at(30).toISOString() }, at(2))).rejects.toThrow(/future/);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("lab links carry the preset as URL parameters and the way back", () => {
    expect(labHref("l1-vs-l2", {})).toBe("/labs/l1-vs-l2?from=review");
    expect(labHref("l1-vs-l2", { lambda: 0.01, stack: true })).toBe("/labs/l1-vs-l2?lambda=0.01&stack=true&from=review");
  });
});
