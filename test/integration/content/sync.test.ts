import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { checkCourse } from "@/lib/content/check";
import type { Course } from "@/lib/content/course";
import { syncCourse } from "@/lib/db/content-sync";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";

// Three versions of one small course: `edited` rewords a card and changes which cards a question tests;
// `removed` drops a card, a question and a whole concept; syncing `base` again brings them back.
const FIXTURES = path.resolve("test/fixtures/content-sync");

function load(version: "base" | "edited" | "removed"): Course {
  const { course, problems } = checkCourse(path.join(FIXTURES, version));
  expect(problems).toEqual([]);
  return course;
}

const T1 = new Date("2026-03-01T08:00:00Z");
const T2 = new Date("2026-03-02T08:00:00Z");
const T3 = new Date("2026-03-03T08:00:00Z");
const T4 = new Date("2026-03-04T08:00:00Z");
const T5 = new Date("2026-03-05T08:00:00Z");
const T6 = new Date("2026-03-06T08:00:00Z");

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let userId: string;

beforeAll(async () => {
  t = await migratedDatabase();
  const user = await t.db.user.create({
    data: { email: "learner@example.edu", name: "Learner", passwordHash: "not-a-real-hash" },
    select: { id: true },
  });
  userId = user.id;
});
afterAll(async () => {
  await t.drop();
});

/** Every content row, with timestamps, so "unchanged" means unchanged to the millisecond. */
async function contentRows() {
  return {
    concepts: await t.db.concept.findMany({ orderBy: { key: "asc" } }),
    cards: await t.db.card.findMany({ orderBy: { key: "asc" } }),
    questions: await t.db.question.findMany({ orderBy: { key: "asc" } }),
    labs: await t.db.lab.findMany({ orderBy: { key: "asc" } }),
    links: await t.db.questionCard.findMany({ orderBy: [{ questionId: "asc" }, { cardId: "asc" }] }),
  };
}

/** The keys of the cards a question is linked to. */
async function linkedCards(questionKey: string): Promise<string[]> {
  const rows = await t.db.questionCard.findMany({
    where: { question: { key: questionKey } },
    select: { card: { select: { key: true } } },
  });
  return rows.map((r) => r.card.key).sort();
}

async function card(key: string) {
  return t.db.card.findUniqueOrThrow({ where: { key }, select: { id: true, back: true, contentHash: true, retiredAt: true, updatedAt: true } });
}

/** A learner's history on a card, written directly: this file tests the sync, not the review path. */
async function addHistory(cardKey: string, clientEventId: string, reviewedAt: Date) {
  const { id: cardId } = await card(cardKey);
  const dueAfter = new Date(reviewedAt.getTime() + 3 * 86_400_000);
  await t.db.cardState.create({
    data: { userId, cardId, state: "REVIEW", due: dueAfter, stability: 3, difficulty: 5, reps: 1, lastReview: reviewedAt },
  });
  await t.db.reviewLog.create({
    data: {
      clientEventId,
      userId,
      cardId,
      rating: 3,
      source: "REVIEW",
      reviewedAt,
      stateBefore: "NEW",
      dueBefore: reviewedAt,
      stabilityBefore: 0,
      difficultyBefore: 0,
      elapsedDays: 0,
      lastElapsedDays: 0,
      scheduledDays: 3,
      learningSteps: 0,
      dueAfter,
      stabilityAfter: 3,
      difficultyAfter: 5,
    },
  });
  return cardId;
}

async function historyOf(cardId: string) {
  const [states, logs] = await Promise.all([
    t.db.cardState.count({ where: { userId, cardId } }),
    t.db.reviewLog.count({ where: { userId, cardId } }),
  ]);
  return { states, logs };
}

const keysOf = (items: readonly { key: string }[]) => items.map((i) => i.key).sort();

describe(`content sync on ${dbKind}`, () => {
  test("a first sync creates every item; a second sync writes nothing and leaves every row as it was", async () => {
    const course = load("base");
    const first = await syncCourse(course, T1);
    expect(first.plan.concepts.create).toEqual(keysOf(course.concepts));
    expect(first.plan.cards.create).toEqual(keysOf(course.cards));
    expect(first.plan.questions.create).toEqual(keysOf(course.questions));
    expect(first.plan.labs.create).toEqual(keysOf(course.labs));
    expect(first.writes).toBe(course.concepts.length + course.cards.length + course.questions.length + course.labs.length);
    expect(await linkedCards("alpha-q")).toEqual(["alpha-one"]);
    expect(await linkedCards("beta-q")).toEqual(["beta-one"]);

    const rows = await contentRows();
    const counts = await tableCounts(t);
    expect(rows.cards.map((c) => c.key)).toEqual(keysOf(course.cards));

    const second = await syncCourse(load("base"), T2);
    expect(second.writes).toBe(0);
    for (const table of ["concepts", "cards", "questions", "labs"] as const) {
      expect(second.plan[table]).toMatchObject({ create: [], update: [], retire: [] });
    }
    expect(await contentRows()).toEqual(rows);
    expect(await tableCounts(t)).toEqual(counts);
  });

  test("editing a card's wording keeps its id and its review history; question links follow the edit", async () => {
    const before = await card("alpha-one");
    const untouched = await card("alpha-two");
    await addHistory("alpha-one", "0b6f0c43-2b8e-4a53-9a0a-6f3f1c1d0001", T2);

    const report = await syncCourse(load("edited"), T3);
    expect(report.plan.cards).toMatchObject({ create: [], update: ["alpha-one"], retire: [] });
    expect(report.plan.questions).toMatchObject({ create: [], update: ["alpha-q"], retire: [] });
    expect(report.plan.concepts.update).toEqual([]);
    expect(report.writes).toBe(2);

    const after = await card("alpha-one");
    expect(after.id).toBe(before.id);
    expect(after.back).toContain("One quarter");
    expect(after.contentHash).not.toBe(before.contentHash);
    expect(after.retiredAt).toBeNull();
    expect(await historyOf(before.id)).toEqual({ states: 1, logs: 1 });
    expect(await card("alpha-two")).toEqual(untouched);
    expect(await linkedCards("alpha-q")).toEqual(["alpha-one", "alpha-three"]);
  });

  test("removing a card or a concept retires it and keeps its rows and logs", async () => {
    const alphaThree = await addHistory("alpha-three", "0b6f0c43-2b8e-4a53-9a0a-6f3f1c1d0002", T3);
    const betaOne = await addHistory("beta-one", "0b6f0c43-2b8e-4a53-9a0a-6f3f1c1d0003", T3);
    const counts = await tableCounts(t);

    const report = await syncCourse(load("removed"), T4);
    expect(report.plan.cards).toMatchObject({ create: [], update: [], retire: ["alpha-three", "beta-one"] });
    expect(report.plan.questions).toMatchObject({ create: [], update: ["alpha-q"], retire: ["beta-q"] });
    expect(report.plan.concepts).toMatchObject({ create: [], update: [], retire: ["beta"] });

    expect((await card("alpha-three")).retiredAt).toEqual(T4);
    expect((await card("beta-one")).retiredAt).toEqual(T4);
    expect((await t.db.question.findUniqueOrThrow({ where: { key: "beta-q" } })).retiredAt).toEqual(T4);
    expect((await t.db.concept.findUniqueOrThrow({ where: { key: "beta" } })).retiredAt).toEqual(T4);
    expect(await historyOf(alphaThree)).toEqual({ states: 1, logs: 1 });
    expect(await historyOf(betaOne)).toEqual({ states: 1, logs: 1 });
    expect(await linkedCards("alpha-q")).toEqual(["alpha-one", "alpha-two"]);
    // Nothing is deleted: only the links of the rewritten question changed (one removed, one added).
    expect(await tableCounts(t)).toEqual(counts);

    // Syncing the same content again leaves retired rows as they are (their retirement date included).
    const rows = await contentRows();
    const again = await syncCourse(load("removed"), T5);
    expect(again.writes).toBe(0);
    expect(await contentRows()).toEqual(rows);
  });

  test("bringing removed items back makes them live again with the same ids and their history", async () => {
    const ids = {
      alphaThree: (await card("alpha-three")).id,
      betaOne: (await card("beta-one")).id,
      beta: (await t.db.concept.findUniqueOrThrow({ where: { key: "beta" } })).id,
    };
    const report = await syncCourse(load("base"), T6);
    expect(report.plan.cards).toMatchObject({ create: [], update: ["alpha-one", "alpha-three", "beta-one"], retire: [] });
    expect(report.plan.concepts).toMatchObject({ create: [], update: ["beta"], retire: [] });
    expect(report.plan.questions).toMatchObject({ create: [], update: ["alpha-q", "beta-q"], retire: [] });

    const alphaThree = await card("alpha-three");
    const betaOne = await card("beta-one");
    const beta = await t.db.concept.findUniqueOrThrow({ where: { key: "beta" } });
    expect({ alphaThree: alphaThree.id, betaOne: betaOne.id, beta: beta.id }).toEqual(ids);
    expect([alphaThree.retiredAt, betaOne.retiredAt, beta.retiredAt]).toEqual([null, null, null]);
    expect(await historyOf(ids.alphaThree)).toEqual({ states: 1, logs: 1 });
    expect(await historyOf(ids.betaOne)).toEqual({ states: 1, logs: 1 });
    expect(await linkedCards("alpha-q")).toEqual(["alpha-one"]);
    expect(await linkedCards("beta-q")).toEqual(["beta-one"]);
    expect((await card("alpha-one")).back).not.toContain("One quarter");

    const again = await syncCourse(load("base"), T6);
    expect(again.writes).toBe(0);
  });
});
