import path from "node:path";

import { default_w } from "ts-fsrs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { checkCourse } from "@/lib/content/check";
import { conceptCardIds, conceptIndex, conceptPage } from "@/lib/db/concepts";
import { syncCourse } from "@/lib/db/content-sync";
import type { Viewer } from "@/lib/db/users";
import { NotFoundError } from "@/lib/errors";
import { type MemoryState, retrievability } from "@/lib/srs";

import { dbKind, migratedDatabase } from "../../helpers/db";

const FIXTURES = path.resolve("test/fixtures/content-sync");
const T0 = new Date("2026-03-01T08:00:00Z");
const NOW = new Date("2026-03-05T12:00:00Z");
const DAY = 86_400_000;

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let student: Viewer;
let other: Viewer;
let instructor: Viewer;

function load(version: "base" | "removed") {
  const { course, problems } = checkCourse(path.join(FIXTURES, version));
  expect(problems).toEqual([]);
  return course;
}

async function makeUser(email: string, role: "STUDENT" | "INSTRUCTOR"): Promise<Viewer> {
  return t.db.user.create({
    data: { email, name: email, role, passwordHash: "not-a-real-hash", settings: { create: { timezone: "Europe/Berlin" } } },
    select: { id: true, email: true, name: true, role: true },
  });
}

const cardId = async (key: string) => (await t.db.card.findUniqueOrThrow({ where: { key }, select: { id: true } })).id;

/** A reviewed memory: last reviewed `daysAgo` before NOW with the given stability. */
function reviewed(daysAgo: number, stability: number): MemoryState {
  const lastReview = new Date(NOW.getTime() - daysAgo * DAY);
  return {
    state: "REVIEW",
    due: new Date(lastReview.getTime() + Math.round(stability) * DAY),
    stability,
    difficulty: 5,
    elapsedDays: 2,
    scheduledDays: Math.round(stability),
    learningSteps: 0,
    reps: 2,
    lapses: 0,
    lastReview,
  };
}

async function putState(viewer: Viewer, cardKey: string, memory: MemoryState | "new") {
  const base = { userId: viewer.id, cardId: await cardId(cardKey) };
  await t.db.cardState.create({ data: memory === "new" ? { ...base, due: T0 } : { ...base, ...memory } });
}

const ALPHA_ONE = reviewed(2, 3);
const BETA_ONE = reviewed(1, 10);

beforeAll(async () => {
  t = await migratedDatabase();
  await syncCourse(load("base"), T0);
  student = await makeUser("student@example.edu", "STUDENT");
  other = await makeUser("other@example.edu", "STUDENT");
  instructor = await makeUser("teacher@example.edu", "INSTRUCTOR");
  // The student has two alpha cards (one reviewed, one new) and none of beta; another student has beta-one.
  await putState(student, "alpha-one", ALPHA_ONE);
  await putState(student, "alpha-two", "new");
  await putState(other, "beta-one", BETA_ONE);
});
afterAll(async () => {
  await t.drop();
});

describe(`concept index and concept page on ${dbKind}`, () => {
  test("the index groups live concepts in course order with counts and the student's own mastery", async () => {
    const index = await conceptIndex(student, NOW);
    expect(index.showProgress).toBe(true);
    expect(index.groups.map((g) => [g.group, g.concepts.map((c) => c.key)])).toEqual([
      ["Foundations", ["alpha"]],
      ["Optimization", ["beta"]],
    ]);
    const [alpha, beta] = index.groups.flatMap((g) => g.concepts);
    // Mastery is the mean over the cards in the collection; the new card counts 0.
    const expected = (retrievability(ALPHA_ONE, NOW, null) + 0 + 0) / 3; // alpha-two is NEW, alpha-three is not in the collection
    expect(alpha).toEqual({
      key: "alpha",
      title: "Alpha",
      cardCount: 3,
      questionCount: 1,
      labKeys: ["sync-lab"],
      progress: { inCollection: 2, mastery: expected },
    });
    expect(alpha?.progress?.mastery).toBeGreaterThan(0);
    // Another student's review of beta does not show up here.
    expect(beta?.progress).toEqual({ inCollection: 0, mastery: null });

    const theirs = await conceptIndex(other, NOW);
    expect(theirs.groups[1]?.concepts[0]?.progress).toEqual({
      inCollection: 1,
      mastery: retrievability(BETA_ONE, NOW, null),
    });
  });

  test("instructors see the index and pages without learner progress", async () => {
    const index = await conceptIndex(instructor, NOW);
    expect(index.showProgress).toBe(false);
    expect(index.groups.flatMap((g) => g.concepts).map((c) => c.progress)).toEqual([null, null]);
    const page = await conceptPage(instructor, "alpha", NOW);
    expect(page.progress).toBeNull();
    expect(page.cards.every((c) => c.review === null)).toBe(true);
    expect(page.dependents.map((d) => d.mastery)).toEqual([null]);
  });

  test("a student's fitted weights change their mastery through the forgetting curve", async () => {
    const weights = [...default_w];
    weights[20] = 0.5;
    await t.db.userSettings.update({ where: { userId: student.id }, data: { fsrsWeights: weights } });
    try {
      const alpha = (await conceptIndex(student, NOW)).groups[0]?.concepts[0];
      const expected = retrievability(ALPHA_ONE, NOW, weights) / 3;
      expect(alpha?.progress?.mastery).toBeCloseTo(expected, 12);
      expect(expected).not.toBeCloseTo(retrievability(ALPHA_ONE, NOW, null) / 3, 6);
    } finally {
      await t.db.userSettings.update({ where: { userId: student.id }, data: { fsrsWeights: [] } });
    }
  });

  test("the concept page renders the summary and cards as sanitized HTML and marks the cards in the collection", async () => {
    const page = await conceptPage(student, "alpha", NOW);
    expect(page).toMatchObject({ key: "alpha", title: "Alpha", group: "Foundations", questionCount: 1 });
    expect(page.summaryHtml).toContain('class="katex"');
    expect(page.summaryHtml).not.toContain("$");
    expect(page.cards.map((c) => c.key)).toEqual(["alpha-one", "alpha-two", "alpha-three"]);

    const [one, two, three] = page.cards;
    expect(one?.frontHtml).toContain('class="katex"');
    expect(one?.review).toEqual({
      state: "REVIEW",
      due: ALPHA_ONE.due,
      retrievability: retrievability(ALPHA_ONE, NOW, null),
    });
    // The cloze card hides its deletion on the front and shows it, marked, on the back.
    expect(two?.kind).toBe("CLOZE");
    expect(two?.frontHtml).toContain("[...]");
    const answerTex = '<annotation encoding="application/x-tex">2x</annotation>';
    expect(two?.frontHtml).not.toContain(answerTex);
    expect(two?.backHtml).toMatch(/<strong>.*katex/);
    expect(two?.backHtml).toContain(answerTex);
    expect(two?.review).toEqual({ state: "NEW", due: T0, retrievability: null });
    expect(three?.review).toBeNull();

    expect(page.labs).toEqual([{ key: "sync-lab", title: "Sync lab" }]);
    expect(page.prerequisites).toEqual([]);
    expect(page.dependents).toEqual([{ key: "beta", title: "Beta", group: "Optimization", mastery: null }]);
    expect(page.progress).toEqual({
      inCollection: 2,
      mastery: retrievability(ALPHA_ONE, NOW, null) / 3,
      timezone: "Europe/Berlin",
    });

    const beta = await conceptPage(student, "beta", NOW);
    expect(beta.prerequisites).toEqual([
      { key: "alpha", title: "Alpha", group: "Foundations", mastery: retrievability(ALPHA_ONE, NOW, null) / 3 },
    ]);
    expect(beta.dependents).toEqual([]);
    expect(beta.labs).toEqual([]);
  });

  test("raw HTML in a summary is stripped, and a summary is re-rendered when its content hash changes", async () => {
    await t.db.concept.create({
      data: {
        key: "gamma",
        title: "Gamma",
        group: "Architectures",
        order: 3,
        summary: 'Safe <script>alert(1)</script> <img src="x" onerror="alert(2)"> $x^2$',
        sourceFile: "content/concepts/gamma.md",
        contentHash: "hash-1",
      },
    });
    const first = await conceptPage(student, "gamma", NOW);
    expect(first.summaryHtml).toContain("Safe");
    expect(first.summaryHtml).not.toMatch(/<script|onerror/i);
    expect(first.cards).toEqual([]);

    await t.db.concept.update({ where: { key: "gamma" }, data: { summary: "Changed text." } });
    // Same hash: the cached rendering stands (a sync always changes the hash with the text).
    expect((await conceptPage(student, "gamma", NOW)).summaryHtml).toBe(first.summaryHtml);
    await t.db.concept.update({ where: { key: "gamma" }, data: { contentHash: "hash-2" } });
    expect((await conceptPage(student, "gamma", NOW)).summaryHtml).toContain("Changed text.");
    await t.db.concept.delete({ where: { key: "gamma" } });
  });

  test("unknown and retired keys are not found; retired cards leave counts, pages and mastery", async () => {
    await expect(conceptPage(student, "no-such-concept", NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(conceptCardIds("no-such-concept")).rejects.toBeInstanceOf(NotFoundError);

    // A state on alpha-three, which the next sync retires together with concept beta.
    await putState(student, "alpha-three", reviewed(1, 1));
    await syncCourse(load("removed"), new Date(NOW.getTime() - DAY));

    await expect(conceptPage(student, "beta", NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(conceptCardIds("beta")).rejects.toBeInstanceOf(NotFoundError);
    const index = await conceptIndex(student, NOW);
    expect(index.groups.map((g) => g.group)).toEqual(["Foundations"]);
    expect(index.groups[0]?.concepts[0]).toMatchObject({
      cardCount: 2,
      progress: { inCollection: 2, mastery: retrievability(ALPHA_ONE, NOW, null) / 2 },
    });
    const page = await conceptPage(student, "alpha", NOW);
    expect(page.cards.map((c) => c.key)).toEqual(["alpha-one", "alpha-two"]);
    expect(page.dependents).toEqual([]);
    expect(await conceptCardIds("alpha")).toEqual([await cardId("alpha-one"), await cardId("alpha-two")]);
  });
});
