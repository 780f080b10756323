import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { introduceCards } from "@/lib/db/collection";
import { gradeCard, labHref, reviewSession, undoGrade } from "@/lib/db/review-session";
import { recordReview } from "@/lib/db/reviews";
import { undoReview } from "@/lib/db/review-undo";
import type { Viewer } from "@/lib/db/users";
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
  const undo = (viewer: Viewer, logId: string, when: Date, clientEventId = eventId()) =>
    undoReview(viewer, { logId, clientEventId }, when);
  const logsOf = (userId: string, card: string) =>
    t.db.reviewLog.findMany({ where: { userId, cardId: card }, orderBy: [{ reviewedAt: "asc" }, { createdAt: "asc" }] });
  const replayed = (logs: Awaited<ReturnType<typeof logsOf>>, initialNow: Date) =>
    replay(
      logs.map((l) => ({ id: l.id, kind: l.kind, cancelsId: l.cancelsId, rating: l.rating as Rating, reviewedAt: l.reviewedAt })),
      DEFAULT_SCHEDULER_SETTINGS,
      initialNow,
    );

  test("undo appends an UNDO row, keeps the grade, and restores the exact prior state (the replay of the standing grades)", async () => {
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
      const undone = await undo(f.ada, logIds[i] as string, at(9, plan.length - i));
      expect(undone.duplicate).toBe(false);
      const restored = await stateOf(f.ada.id, card);
      expect(restored).toEqual(snapshots[i - 1]);
      expect({ state: undone.state, due: undone.due }).toEqual({ state: restored.state, due: restored.due });
      const logs = await logsOf(f.ada.id, card);
      // Nothing is deleted: every grade is still there, and one UNDO row per undo names its grade.
      expect(logs.filter((l) => l.kind === "GRADE").map((l) => l.id)).toEqual(logIds);
      const undos = logs.filter((l) => l.kind === "UNDO");
      expect(undos.map((l) => l.cancelsId)).toEqual(logIds.slice(i).reverse());
      expect(undos.at(-1)?.id).toBe(undone.logId);
      expect(restored).toEqual(replayed(logs, T));
      expect(await tableCounts(t)).toEqual({ ...before, ReviewLog: (before.ReviewLog ?? 0) + 1 });
    }
    // Undoing the first grade puts the card back to NEW, still in the collection.
    await undo(f.ada, logIds[0] as string, at(9, 10));
    expect(await stateOf(f.ada.id, card)).toMatchObject({ state: "NEW", reps: 0, lastReview: null, due: at(0) });
    // The card can be graded again, and replay still agrees.
    await grade(f.ada.id, card, 4, at(10));
    expect(await stateOf(f.ada.id, card)).toEqual(replayed(await logsOf(f.ada.id, card), at(10)));
  });

  test("a late retry of an undone grade is a duplicate and changes nothing; a retried undo undoes once", async () => {
    const card = cardId(f, "b3");
    await grade(f.ada.id, card, 3, at(4));
    const e = { userId: f.ada.id, cardId: card, rating: 1 as Rating, source: "REVIEW" as const, reviewedAt: at(4, 10), clientEventId: eventId() };
    const first = await recordReview(e, { now: at(4, 10) });
    const undoId = eventId();
    const undone = await undo(f.ada, first.logId, at(4, 11), undoId);
    const before = await tableCounts(t);
    const state = await stateOf(f.ada.id, card);

    const retry = await recordReview({ ...e }, { now: at(4, 12) });
    expect(retry).toEqual({ ...first, duplicate: true });
    const undoRetry = await undo(f.ada, first.logId, at(4, 13), undoId);
    expect(undoRetry).toEqual({ ...undone, duplicate: true });
    expect(await tableCounts(t)).toEqual(before);
    expect(await stateOf(f.ada.id, card)).toEqual(state);
  });

  test("only the latest grade of a card, only your own, only from the review screen, never an undo or an undone grade", async () => {
    const card = cardId(f, "a2");
    const first = await grade(f.ada.id, card, 3, at(1));
    const second = await grade(f.ada.id, card, 3, at(1, 10));
    const quiz = await grade(f.ada.id, cardId(f, "a3"), 3, at(1), "QUIZ");
    const undone = await undo(f.ada, second.logId, at(1, 11));
    // After undoing the latest grade, the one before it is the latest and can be undone in turn.
    const before = await tableCounts(t);
    const cases: [string, () => Promise<unknown>, new (...args: never[]) => Error, RegExp][] = [
      ["another learner's grade", () => undo(f.bob, first.logId, at(1, 12)), NotFoundError, /not found/],
      ["no such log", () => undo(f.ada, "no-such-log", at(1, 12)), NotFoundError, /not found/],
      ["a quiz grade", () => undo(f.ada, quiz.logId, at(1, 12)), ConflictError, /review screen/],
      ["an undo", () => undo(f.ada, undone.logId, at(1, 12)), ConflictError, /cannot itself be undone/],
      ["an undone grade", () => undo(f.ada, second.logId, at(1, 12)), ConflictError, /already undone/],
    ];
    // One at a time, each awaited as it starts: a refusal never waits unobserved for its turn.
    for (const [name, start, ErrorClass, message] of cases) {
      const attempt = start();
      await expect(attempt, name).rejects.toBeInstanceOf(ErrorClass);
      await expect(attempt, name).rejects.toThrow(message);
    }
    expect(await tableCounts(t)).toEqual(before);

    // A grade that is not the card's latest standing one.
    await grade(f.ada.id, card, 4, at(2));
    const notLatest = undo(f.ada, first.logId, at(2, 1));
    await expect(notLatest).rejects.toBeInstanceOf(ConflictError);
    await expect(notLatest).rejects.toThrow(/latest grade/);
    // An undo event id already used by a grade is taken.
    const reused = undo(f.ada, first.logId, at(2, 1), (await logsOf(f.ada.id, card))[0]!.clientEventId);
    await expect(reused).rejects.toBeInstanceOf(ConflictError);
  });

  test("the review log refuses UPDATE, DELETE and TRUNCATE (a trigger), whoever asks", async () => {
    const [log] = await logsOf(f.ada.id, cardId(f, "a2"));
    expect(log).toBeDefined();
    const before = await tableCounts(t);
    const refusals: [string, string, unknown[]][] = [
      ["update", `UPDATE "ReviewLog" SET "rating" = 4 WHERE "id" = $1`, [log!.id]],
      ["delete", `DELETE FROM "ReviewLog" WHERE "id" = $1`, [log!.id]],
      ["truncate", `TRUNCATE "ReviewLog" CASCADE`, []],
    ];
    for (const [name, sql, params] of refusals) {
      await expect(t.sql(sql, params), name).rejects.toThrow(/append-only/);
    }
    // Through Prisma too, and a cascade from a deleted learner (nothing in the app deletes learners).
    await expect(t.db.reviewLog.update({ where: { id: log!.id }, data: { rating: 4 } })).rejects.toThrow(/append-only/);
    await expect(t.db.reviewLog.delete({ where: { id: log!.id } })).rejects.toThrow(/append-only/);
    await expect(t.db.user.delete({ where: { id: f.ada.id } })).rejects.toThrow(/append-only/);
    expect(await tableCounts(t)).toEqual(before);
    expect(await t.db.reviewLog.findUniqueOrThrow({ where: { id: log!.id } })).toEqual(log);
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

    const undone = await undoGrade(f.bob, { logId: response.outcome.logId, clientEventId: eventId() }, at(2, 1));
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
