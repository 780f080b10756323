import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { attemptHistory, getResultsForViewer, quizOverview } from "@/lib/db/quiz-history";
import { answerQuestion, getAttemptForViewer, startAttempt, submitAttempt } from "@/lib/db/quizzes";
import { recordReviews } from "@/lib/db/reviews";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { quizEventId } from "@/lib/quiz/events";
import { ratingForQuizAnswer } from "@/lib/srs/ratings";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { displayed, quizFixture, type QuizFixture } from "./fixtures";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let f: QuizFixture;
const SEED = 4242;
const T0 = new Date("2026-03-02T09:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
// Reviews of one card must move forward in time, and the tests share learners: each call is a minute later.
let clock = 100;
const later = () => at((clock += 1));

beforeAll(async () => {
  t = await migratedDatabase();
  f = await quizFixture(t.db);
});
afterAll(async () => {
  await t.drop();
});

/** Right and wrong answers for the fixture's questions under SEED. */
function answers() {
  const q = f.questions;
  return {
    single: { right: { choices: displayed(SEED, q.single, 4, [1]) }, wrong: { choices: displayed(SEED, q.single, 4, [0]) } },
    multiple: {
      right: { choices: displayed(SEED, q.multiple, 5, [3, 0]) },
      wrong: { choices: displayed(SEED, q.multiple, 5, [0]) },
    },
    numeric: { right: { value: 16.5 }, wrong: { value: 16.6 } },
    bSingle: { right: { choices: displayed(SEED, q.bSingle, 4, [2]) }, wrong: { choices: displayed(SEED, q.bSingle, 4, [3]) } },
  };
}

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

describe(`starting quizzes on ${dbKind}`, () => {
  test("a concept quiz asks the concept's live questions in the author's order, never a retired one", async () => {
    const { id } = await startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["a"], mode: "STEP" }, T0, { seed: SEED });
    const row = await t.db.quizAttempt.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: f.ada.id, scope: "CONCEPT", mode: "STEP", conceptKeys: ["a"], seed: SEED, submittedAt: null });
    expect(row.questionIds).toEqual([f.questions.single, f.questions.multiple, f.questions.numeric]);
  });

  test("a mixed quiz interleaves the chosen concepts' questions in an order fixed by the seed", async () => {
    const first = await startAttempt(f.ada, { scope: "MIXED", conceptKeys: ["b", "a"] }, T0, { seed: 7 });
    const again = await startAttempt(f.ada, { scope: "MIXED", conceptKeys: ["a", "b"] }, T0, { seed: 7 });
    const [x, y] = await Promise.all([first, again].map(({ id }) => t.db.quizAttempt.findUniqueOrThrow({ where: { id } })));
    expect(x?.conceptKeys).toEqual(["a", "b"]);
    expect(x?.questionIds).toEqual(y?.questionIds);
    expect([...(x?.questionIds ?? [])].sort()).toEqual(
      [f.questions.single, f.questions.multiple, f.questions.numeric, f.questions.bSingle].sort(),
    );
  });

  test("unknown, retired and question-less concepts are refused and nothing is written", async () => {
    const before = await tableCounts(t);
    await expect(startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["nope"] }, T0)).rejects.toBeInstanceOf(NotFoundError);
    await expect(startAttempt(f.ada, { scope: "MIXED", conceptKeys: ["a", "gone"] }, T0)).rejects.toBeInstanceOf(NotFoundError);
    await expect(startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["empty"] }, T0)).rejects.toBeInstanceOf(ValidationError);
    await expect(startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["a", "b"] }, T0)).rejects.toMatchObject({ name: "ZodError" });
    expect(await tableCounts(t)).toEqual(before);
  });

  test("'everything due soon' asks about cards due within three days, weakest first, and needs one", async () => {
    await expect(startAttempt(f.bob, { scope: "DUE_SOON" }, T0)).rejects.toThrow(/nothing to quiz/);
    // Bob learns b1 and a3; b1 is then forgotten (Again) and a3 remembered (Good, Good, due days later).
    const review = (cardId: string, rating: 1 | 3, minutes: number, n: number) =>
      recordReviews(
        [{ userId: f.bob.id, cardId, rating, source: "REVIEW", reviewedAt: at(minutes), clientEventId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}` }],
        { now: at(minutes) },
      );
    await review(f.cards.a3, 3, 0, 1);
    await review(f.cards.a3, 3, 10, 2);
    await review(f.cards.b1, 1, 0, 3);
    const a3 = await t.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: f.bob.id, cardId: f.cards.a3 } } });
    expect(a3.due.getTime() - at(10).getTime()).toBeLessThanOrEqual(3 * 86_400_000);

    const { id } = await startAttempt(f.bob, { scope: "DUE_SOON", mode: "END" }, at(20), { seed: SEED });
    const row = await t.db.quizAttempt.findUniqueOrThrow({ where: { id } });
    // b1 (just failed, R lowest) first; a3's questions cover it once, then the repeat fills in.
    expect(row.questionIds[0]).toBe(f.questions.bSingle);
    expect(new Set(row.questionIds)).toEqual(new Set([f.questions.bSingle, f.questions.multiple, f.questions.numeric]));
    expect(row.conceptKeys).toEqual([]);
    expect(row.questionIds).not.toContain(f.questions.retired);
  });
});

describe(`taking a quiz step by step on ${dbKind}`, () => {
  test("the page data carries no right answer or explanation before an answer, and keeps its order on reload", async () => {
    const { id } = await startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["a"] }, T0, { seed: SEED });
    const view = await getAttemptForViewer(f.ada, id);
    const json = JSON.stringify(view);
    for (const secret of ["correct", "answer", "tolerance", "explanation", "explanationHtml", "options\":[{\"text"]) {
      expect(keysOf(JSON.parse(json)).has(secret)).toBe(false);
    }
    expect(json).not.toContain("Explanation of");
    // Not even as a bare value: the numeric answer (16) and tolerance (0.5) stay on the server.
    const numbers: number[] = [];
    JSON.parse(json, (_k, v: unknown) => (typeof v === "number" && numbers.push(v), v));
    expect(numbers.filter((n) => n === 16 || n === 0.5)).toEqual([]);
    expect(view.items.map((i) => i.question.id)).toEqual([f.questions.single, f.questions.multiple, f.questions.numeric]);
    expect(view.items.every((i) => i.review === null)).toBe(true);
    expect(await getAttemptForViewer(f.ada, id)).toEqual(view);
  });

  test("another learner's attempt and a made-up id are not found", async () => {
    const { id } = await startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["b"] }, T0);
    await expect(getAttemptForViewer(f.bob, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAttemptForViewer(f.ada, `${id}x`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getResultsForViewer(f.bob, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("each answer writes exactly its review events: Again on every live tested card when wrong, Good when right", async () => {
    const a = answers();
    const { id } = await startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["a"], mode: "STEP" }, T0, { seed: SEED });
    const logsBefore = await t.db.reviewLog.count();

    const wrong = await answerQuestion(f.ada, { attemptId: id, questionId: f.questions.single, response: a.single.wrong, durationMs: 5000 }, later());
    expect(wrong).toMatchObject({ finished: false, answered: 1, total: 3, duplicate: false });
    expect(wrong.review).toMatchObject({ correct: false, explanationHtml: expect.stringContaining("Explanation of a-single") });
    expect(wrong.review.options.filter((o) => o.correct).map((o) => o.index)).toEqual(a.single.right.choices);
    // The retired card a-old is tested by the question but never rated.
    expect(wrong.moved.map((m) => m.cardKey)).toEqual(["a1", "a2"]);
    expect(wrong.moved.every((m) => m.wasNew && m.ratings.join() === "Again")).toBe(true);

    const logs = await t.db.reviewLog.findMany({ where: { quizAttemptId: id }, orderBy: { cardId: "asc" } });
    expect(logs.map((l) => [l.cardId, l.rating, l.source, l.userId, l.durationMs])).toEqual(
      [f.cards.a1, f.cards.a2].sort().map((c) => [c, ratingForQuizAnswer(false), "QUIZ", f.ada.id, 5000]),
    );
    expect(new Set(logs.map((l) => l.clientEventId))).toEqual(
      new Set([f.cards.a1, f.cards.a2].map((c) => quizEventId(id, f.questions.single, c))),
    );
    // The cards entered Ada's collection, due where the log says.
    for (const log of logs) {
      const state = await t.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: f.ada.id, cardId: log.cardId } } });
      expect(state.due).toEqual(log.dueAfter);
      expect(wrong.moved.find((m) => m.cardId === log.cardId)?.dueAfter).toBe(log.dueAfter.toISOString());
    }

    const right = await answerQuestion(f.ada, { attemptId: id, questionId: f.questions.multiple, response: a.multiple.right }, later());
    expect(right.review.correct).toBe(true);
    expect(right.moved.map((m) => [m.cardKey, m.ratings])).toEqual([["a2", ["Good"]], ["a3", ["Good"]]]);
    expect(await t.db.reviewLog.count()).toBe(logsBefore + 4);

    // Resuming shows the answered questions with their reviews and the rest without.
    const view = await getAttemptForViewer(f.ada, id);
    expect(view.items.map((i) => i.review?.correct ?? null)).toEqual([false, true, null]);
    expect(view.items[0]?.review?.moved.map((m) => m.cardKey)).toEqual(["a1", "a2"]);

    const finishedAt = later();
    const last = await answerQuestion(f.ada, { attemptId: id, questionId: f.questions.numeric, response: a.numeric.right }, finishedAt);
    expect(last).toMatchObject({ finished: true, answered: 3, total: 3 });
    expect(await t.db.quizAttempt.findUniqueOrThrow({ where: { id } })).toMatchObject({ submittedAt: finishedAt, correctCount: 2 });
    expect(await t.db.reviewLog.count()).toBe(logsBefore + 5);
    expect(await t.db.quizAnswer.count({ where: { attemptId: id } })).toBe(3);
  });

  test("the same answer sent again returns the first result and writes nothing; a different one is a conflict", async () => {
    const a = answers();
    const { id } = await startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["a"] }, T0, { seed: SEED });
    const first = await answerQuestion(f.ada, { attemptId: id, questionId: f.questions.multiple, response: a.multiple.wrong }, later());
    const before = await tableCounts(t);
    const retry = await answerQuestion(f.ada, { attemptId: id, questionId: f.questions.multiple, response: a.multiple.wrong }, later());
    expect(retry).toMatchObject({ duplicate: true, review: first.review });
    expect(retry.moved.map((m) => [m.cardId, m.dueAfter])).toEqual(first.moved.map((m) => [m.cardId, m.dueAfter]));
    await expect(
      answerQuestion(f.ada, { attemptId: id, questionId: f.questions.multiple, response: a.multiple.right }, later()),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("bad answers get a clear 4xx and write nothing", async () => {
    const a = answers();
    const { id } = await startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["a"] }, T0, { seed: SEED });
    const before = await tableCounts(t);
    const cases: [Parameters<typeof answerQuestion>[0], Record<string, unknown>, number][] = [
      [f.ada, { attemptId: id, questionId: f.questions.bSingle, response: a.bSingle.right }, 422],
      [f.ada, { attemptId: id, questionId: f.questions.retired, response: { choices: [0] } }, 422],
      [f.ada, { attemptId: id, questionId: f.questions.single, response: { choices: [4] } }, 422],
      [f.ada, { attemptId: id, questionId: f.questions.single, response: { choices: [0, 1] } }, 422],
      [f.ada, { attemptId: id, questionId: f.questions.single, response: { value: 1 } }, 422],
      [f.ada, { attemptId: id, questionId: f.questions.single, response: { choices: [] } }, 422],
      [f.ada, { attemptId: id, questionId: f.questions.numeric, response: { value: null } }, 422],
      [f.ada, { attemptId: "zzzzzzzzzzzzzzzzzzzzzzzz", questionId: f.questions.single, response: a.single.right }, 404],
      [f.bob, { attemptId: id, questionId: f.questions.single, response: a.single.right }, 404],
    ];
    for (const [viewer, input, status] of cases) {
      await expect(answerQuestion(viewer, input as never, later())).rejects.toMatchObject({ status });
    }
    await expect(
      answerQuestion(f.ada, { attemptId: "not an id!", questionId: f.questions.single, response: a.single.right } as never, later()),
    ).rejects.toMatchObject({ name: "ZodError" });
    await expect(submitAttempt(f.ada, { attemptId: id, answers: [] }, later())).rejects.toBeInstanceOf(ConflictError);
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe(`quizzes graded at the end on ${dbKind}`, () => {
  test("one submission grades every question (blank ones wrong) and writes their events once", async () => {
    const a = answers();
    const { id } = await startAttempt(f.bob, { scope: "CONCEPT", conceptKeys: ["a"], mode: "END" }, T0, { seed: SEED });
    await expect(
      answerQuestion(f.bob, { attemptId: id, questionId: f.questions.single, response: a.single.right }, later()),
    ).rejects.toBeInstanceOf(ConflictError);
    const logsBefore = await t.db.reviewLog.count();

    const result = await submitAttempt(
      f.bob,
      { attemptId: id, answers: [{ questionId: f.questions.single, response: a.single.right }, { questionId: f.questions.numeric, response: a.numeric.wrong }] },
      later(),
    );
    expect(result).toMatchObject({ correctCount: 1, total: 3 });
    const logs = await t.db.reviewLog.findMany({ where: { quizAttemptId: id }, select: { cardId: true, rating: true, clientEventId: true } });
    // single (right): a1, a2 Good; multiple (blank): a2, a3 Again; numeric (wrong): a3 Again.
    const expected = [
      [f.questions.single, f.cards.a1, 3],
      [f.questions.single, f.cards.a2, 3],
      [f.questions.multiple, f.cards.a2, 1],
      [f.questions.multiple, f.cards.a3, 1],
      [f.questions.numeric, f.cards.a3, 1],
    ] as const;
    expect(logs).toHaveLength(expected.length);
    expect(await t.db.reviewLog.count()).toBe(logsBefore + expected.length);
    for (const [questionId, cardId, rating] of expected) {
      expect(logs).toContainEqual({ cardId, rating, clientEventId: quizEventId(id, questionId, cardId) });
    }
    const stored = await t.db.quizAnswer.findMany({ where: { attemptId: id }, select: { questionId: true, response: true, correct: true } });
    expect(stored).toContainEqual({ questionId: f.questions.multiple, response: { choices: [] }, correct: false });
    expect(result.moved.map((m) => m.cardKey).sort()).toEqual(["a1", "a2", "a3"]);

    const before = await tableCounts(t);
    await expect(submitAttempt(f.bob, { attemptId: id, answers: [] }, later())).rejects.toBeInstanceOf(ConflictError);
    await expect(
      submitAttempt(f.bob, { attemptId: id, answers: [{ questionId: f.questions.single, response: a.single.right }] }, later()),
    ).rejects.toMatchObject({ status: 409 });
    expect(await tableCounts(t)).toEqual(before);
  });

  test("two submissions at once: one wins, the other is a conflict, and the events are written once", async () => {
    const a = answers();
    const { id } = await startAttempt(f.ada, { scope: "CONCEPT", conceptKeys: ["b"], mode: "END" }, T0, { seed: SEED });
    const input = { attemptId: id, answers: [{ questionId: f.questions.bSingle, response: a.bSingle.wrong }] };
    const now = later();
    const settled = await Promise.allSettled([submitAttempt(f.ada, input, now), submitAttempt(f.ada, input, now)]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(1);
    const rejected = settled.find((s) => s.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(ConflictError);
    expect(await t.db.reviewLog.count({ where: { quizAttemptId: id } })).toBe(1);
    expect(await t.db.quizAnswer.count({ where: { attemptId: id } })).toBe(1);
  });

  test("a bad answer anywhere refuses the whole submission, which can then be sent correctly", async () => {
    const a = answers();
    const { id } = await startAttempt(f.bob, { scope: "CONCEPT", conceptKeys: ["a"], mode: "END" }, T0, { seed: SEED });
    const before = await tableCounts(t);
    const bad = [
      [{ questionId: f.questions.single, response: a.single.right }, { questionId: f.questions.bSingle, response: a.bSingle.right }],
      [{ questionId: f.questions.single, response: a.single.right }, { questionId: f.questions.multiple, response: { choices: [9] } }],
      [{ questionId: f.questions.single, response: a.single.right }, { questionId: f.questions.single, response: a.single.wrong }],
    ];
    for (const answersList of bad) {
      await expect(submitAttempt(f.bob, { attemptId: id, answers: answersList }, later())).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(submitAttempt(f.ada, { attemptId: id, answers: [] }, later())).rejects.toBeInstanceOf(NotFoundError);
    expect(await tableCounts(t)).toEqual(before);
    expect(await getResultsForViewer(f.bob, id)).toBeNull();

    const submittedAt = later();
    await submitAttempt(f.bob, { attemptId: id, answers: [{ questionId: f.questions.multiple, response: a.multiple.right }] }, submittedAt);
    const results = await getResultsForViewer(f.bob, id);
    expect(results).toMatchObject({ correctCount: 1, total: 3, title: "Concept a", submittedAt });
    expect(results?.questions.map((q) => [q.id, q.correct, q.blank])).toEqual([
      [f.questions.single, false, true],
      [f.questions.multiple, true, false],
      [f.questions.numeric, false, true],
    ]);
    expect(results?.questions[2]).toMatchObject({ rightValue: "16 steps (± 0.5)", explanationHtml: expect.stringContaining("Explanation of a-numeric") });
    // Each moved card once, with the due date its state now has.
    for (const m of results?.moved ?? []) {
      const state = await t.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: f.bob.id, cardId: m.cardId } } });
      expect(m.dueAfter).toBe(state.due.toISOString());
    }
    expect(results?.moved.map((m) => m.cardKey).sort()).toEqual(["a1", "a2", "a3"]);
    expect(results?.history[0]?.id).toBe(id);
    expect(results?.history.every((h) => h.scope === "CONCEPT" && h.conceptKeys.join() === "a")).toBe(true);
  });
});

describe(`quiz history on ${dbKind}`, () => {
  test("lists attempts per quiz and a score per concept, for the viewer only", async () => {
    const adaHistory = await attemptHistory(f.ada, { scope: "CONCEPT", conceptKeys: ["a"] });
    expect(adaHistory.length).toBeGreaterThan(0);
    const ids = new Set(adaHistory.map((h) => h.id));
    const rows = await t.db.quizAttempt.findMany({ where: { id: { in: [...ids] } }, select: { userId: true, scope: true, conceptKeys: true } });
    expect(rows.every((r) => r.userId === f.ada.id && r.scope === "CONCEPT" && r.conceptKeys.join() === "a")).toBe(true);
    expect(adaHistory.some((h) => h.correctCount === 2 && h.total === 3)).toBe(true);

    const overview = await quizOverview(f.ada, later());
    const concepts = overview.groups.flatMap((g) => g.concepts);
    expect(concepts.map((c) => [c.key, c.questionCount])).toEqual([["a", 3], ["b", 1]]);
    const a = concepts.find((c) => c.key === "a");
    expect(a?.attempts).toBe(adaHistory.length);
    expect(a?.best).toEqual({ correct: 2, total: 3 });
    expect(a?.inProgressId).not.toBeNull();
    const recent = await t.db.quizAttempt.findMany({ where: { id: { in: overview.recent.map((r) => r.id) } }, select: { userId: true } });
    expect(recent.length).toBe(overview.recent.length);
    expect(recent.every((r) => r.userId === f.ada.id)).toBe(true);
    expect(overview.dueSoonCards).toBe(await t.db.cardState.count({ where: { userId: f.ada.id } }));
  });
});

describe(`content retired during an attempt on ${dbKind}`, () => {
  test("an unanswered question retired since the start is no longer asked, and the attempt can finish without it", async () => {
    const concept = await t.db.concept.create({
      data: { key: "c", title: "Concept c", group: "Foundations", order: 9, summary: "s", sourceFile: "c.md", contentHash: "h" },
      select: { id: true },
    });
    const make = (key: string, position: number) =>
      t.db.question.create({
        data: {
          key,
          conceptId: concept.id,
          position,
          kind: "NUMERIC",
          prompt: key,
          explanation: "e",
          contentHash: "h",
          answer: 1,
          tolerance: 0.1,
          cards: { create: [{ cardId: f.cards.b1 }] },
        },
        select: { id: true },
      });
    const kept = await make("c-kept", 0);
    const dropped = await make("c-dropped", 1);
    const { id } = await startAttempt(f.bob, { scope: "CONCEPT", conceptKeys: ["c"] }, later());
    await t.db.question.update({ where: { id: dropped.id }, data: { retiredAt: later() } });

    expect((await getAttemptForViewer(f.bob, id)).items.map((i) => i.question.id)).toEqual([kept.id]);
    await expect(
      answerQuestion(f.bob, { attemptId: id, questionId: dropped.id, response: { value: 1 } }, later()),
    ).rejects.toBeInstanceOf(ConflictError);
    const result = await answerQuestion(f.bob, { attemptId: id, questionId: kept.id, response: { value: 1.1 } }, later());
    expect(result).toMatchObject({ finished: true, answered: 1, total: 1, review: { correct: true } });
    expect(await getResultsForViewer(f.bob, id)).toMatchObject({ correctCount: 1, total: 1 });
  });
});
