import "server-only";

import { randomInt } from "node:crypto";

import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { activeQuestionIds, attemptTitle, normalizeResponse, sameResponse } from "@/lib/quiz/attempt";
import { DUE_SOON_DAYS, pickDueSoonQuestions } from "@/lib/quiz/due-soon";
import { quizEventId, quizReviewEvents, type GradedAnswer } from "@/lib/quiz/events";
import { blankResponse, gradeResponse, isBlank } from "@/lib/quiz/grade";
import type { MovedCard } from "@/lib/quiz/moved";
import {
  answerQuestionSchema,
  startQuizSchema,
  submitAttemptSchema,
  type AnswerQuestionInput,
  type StartQuizInput,
  type SubmitAttemptInput,
} from "@/lib/quiz/schemas";
import { shuffledBySeed } from "@/lib/quiz/shuffle";
import type { QuizMode, QuizResponse, QuizScope } from "@/lib/quiz/types";
import { orderFor, questionView, reviewQuestion, type QuestionReview, type QuestionView } from "@/lib/quiz/view";
import { retrievability } from "@/lib/srs/retrievability";

import { db } from "./client";
import type { Prisma } from "./generated/client";
import {
  attemptMoves,
  attemptSelect,
  conceptTitles,
  describeMoveGroups,
  describeMoves,
  live,
  loadQuestions,
  lockAttempt,
  outcomeMoves,
  storedResponse,
} from "./quiz-rows";
import { recordReviews } from "./reviews";
import { settingsRowFor, toSchedulerSettings } from "./settings";
import type { Viewer } from "./users";

export type { MovedCard } from "@/lib/quiz/moved";

const DAY_MS = 86_400_000;
// A submission grades up to a hundred questions and their cards in one transaction.
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Starts a quiz for the viewer: one concept's questions in the author's order, several concepts' questions
 * interleaved, or up to ten questions on cards of their collection due within three days (weakest first).
 * Retired questions are never asked. The seed fixes the option order for the life of the attempt.
 * @throws ValidationError bad input, or no question to ask
 * @throws NotFoundError a concept that is not in the course
 */
export async function startAttempt(
  viewer: Viewer,
  input: StartQuizInput,
  now: Date,
  options: { seed?: number } = {},
): Promise<{ id: string }> {
  const { scope, conceptKeys, mode } = startQuizSchema.parse(input);
  const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
  const keys = [...new Set(conceptKeys)].sort();
  let questionIds: string[];

  if (scope === "DUE_SOON") {
    questionIds = await dueSoonQuestionIds(viewer, now);
    if (questionIds.length === 0) {
      throw new ValidationError(
        `No card in your reviews is due in the next ${DUE_SOON_DAYS} days, so there is nothing to quiz. Pick concepts instead.`,
      );
    }
  } else {
    const concepts = await db().concept.findMany({
      where: { key: { in: keys }, retiredAt: null },
      select: { key: true, order: true, group: true },
    });
    const missing = keys.filter((k) => !concepts.some((c) => c.key === k));
    if (missing.length > 0) throw new NotFoundError(`There is no concept "${missing[0]}" in the course.`);
    const rows = await db().question.findMany({
      where: { retiredAt: null, concept: { key: { in: keys } } },
      select: { id: true },
      orderBy: [{ concept: { order: "asc" } }, { position: "asc" }],
    });
    if (rows.length === 0) throw new ValidationError("There are no quiz questions for this yet. Pick another concept.");
    questionIds = rows.map((r) => r.id);
    if (scope === "MIXED") questionIds = shuffledBySeed(questionIds, seed);
  }

  return db().quizAttempt.create({
    data: { userId: viewer.id, scope, mode, conceptKeys: scope === "DUE_SOON" ? [] : keys, questionIds, seed, startedAt: now },
    select: { id: true },
  });
}

async function dueSoonQuestionIds(viewer: Viewer, now: Date): Promise<string[]> {
  const horizon = new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS);
  const [states, settings] = await Promise.all([
    db().cardState.findMany({
      where: { userId: viewer.id, due: { lte: horizon }, card: live },
      select: {
        cardId: true,
        state: true,
        due: true,
        stability: true,
        difficulty: true,
        elapsedDays: true,
        scheduledDays: true,
        learningSteps: true,
        reps: true,
        lapses: true,
        lastReview: true,
      },
    }),
    settingsRowFor(viewer.id),
  ]);
  if (states.length === 0) return [];
  const weights = toSchedulerSettings(settings).weights;
  const links = await db().questionCard.findMany({
    where: { cardId: { in: states.map((s) => s.cardId) }, question: live },
    select: { questionId: true, cardId: true },
  });
  const byQuestion = new Map<string, string[]>();
  for (const l of links) byQuestion.set(l.questionId, [...(byQuestion.get(l.questionId) ?? []), l.cardId]);
  return pickDueSoonQuestions(
    states.map((s) => ({ cardId: s.cardId, due: s.due, retrievability: retrievability(s, now, weights) })),
    [...byQuestion.entries()].map(([questionId, cardIds]) => ({ questionId, cardIds })),
    now,
  );
}

/** One question of an attempt being taken: the view, and once answered (step by step) its review. */
export interface AttemptItem {
  question: QuestionView;
  review: (QuestionReview & { moved: MovedCard[] }) | null;
}

export interface AttemptView {
  id: string;
  scope: QuizScope;
  mode: QuizMode;
  title: string;
  conceptKeys: string[];
  startedAt: Date;
  submitted: boolean;
  items: AttemptItem[];
}

/**
 * The viewer's attempt as the quiz page shows it. Unanswered questions carry no right answer, no correct flags
 * and no explanation (see `questionView`); questions answered step by step carry their review.
 * @throws NotFoundError for a missing attempt and for another learner's (which is not revealed to exist)
 */
export async function getAttemptForViewer(viewer: Viewer, attemptId: string): Promise<AttemptView> {
  const attempt = await db().quizAttempt.findFirst({
    where: { id: attemptId, userId: viewer.id },
    select: { ...attemptSelect, answers: { select: { questionId: true, response: true, correct: true } } },
  });
  if (!attempt) throw new NotFoundError("This quiz does not exist, or it is not yours.");
  const [questions, titleOf] = await Promise.all([
    loadQuestions(db(), attempt.questionIds),
    conceptTitles(db(), attempt.conceptKeys),
  ]);
  const answers = new Map(attempt.answers.map((a) => [a.questionId, a]));
  const ids = activeQuestionIds(attempt.questionIds, (id) => questions.get(id)?.live ?? false, new Set(answers.keys()));

  // Each answered question's moves: its review logs, found by their deterministic event ids.
  const logs = answers.size > 0 ? await attemptMoves(db(), viewer, attempt.id) : [];
  const answeredIds = ids.filter((id) => answers.has(id));
  const moved = await describeMoveGroups(
    db(),
    viewer,
    answeredIds.map((qid) => logs.filter((l) => l.clientEventId === quizEventId(attempt.id, qid, l.move.cardId)).map((l) => l.move)),
  );
  const movedOf = new Map(answeredIds.map((qid, i) => [qid, moved[i] ?? []]));

  const items: AttemptItem[] = [];
  for (const [i, id] of ids.entries()) {
    const loaded = questions.get(id);
    if (!loaded) continue;
    const answer = answers.get(id);
    const q = loaded.question;
    items.push({
      question: questionView(q, attempt.seed, i + 1),
      review: answer
        ? { ...reviewQuestion(q, attempt.seed, i + 1, storedResponse(answer.response, q), answer.correct), moved: movedOf.get(id) ?? [] }
        : null,
    });
  }
  return {
    id: attempt.id,
    scope: attempt.scope,
    mode: attempt.mode,
    title: attemptTitle(attempt.scope, attempt.conceptKeys, titleOf),
    conceptKeys: attempt.conceptKeys,
    startedAt: attempt.startedAt,
    submitted: attempt.submittedAt !== null,
    items,
  };
}

export interface AnswerResult {
  review: QuestionReview;
  moved: MovedCard[];
  /** Every question of the attempt is answered: the attempt is finished. */
  finished: boolean;
  answered: number;
  total: number;
  /** This exact answer had been recorded before; nothing was written. */
  duplicate: boolean;
}

/**
 * Step-by-step quizzes: grades one answer, stores it and writes its review events (Again on each card the
 * question tests when wrong, Good when right) in one transaction. The last answer finishes the attempt.
 * Sending the same answer again returns the first result and writes nothing.
 * @throws NotFoundError not the viewer's attempt
 * @throws ValidationError a question not in the attempt, a blank or malformed answer (an option that is not shown)
 * @throws ConflictError a different answer to an answered question; a quiz graded at the end; a finished quiz
 */
export async function answerQuestion(viewer: Viewer, input: AnswerQuestionInput, now: Date): Promise<AnswerResult> {
  const { attemptId, questionId, response, durationMs } = answerQuestionSchema.parse(input);
  return db().$transaction(async (tx) => {
    const attempt = await lockAttempt(tx, viewer, attemptId);
    if (attempt.mode !== "STEP") {
      throw new ConflictError("This quiz is graded at the end: submit all your answers together.");
    }
    const position = attempt.questionIds.indexOf(questionId);
    if (position < 0) throw new ValidationError("This question is not part of this quiz.");
    const [questions, answers] = await Promise.all([
      loadQuestions(tx, attempt.questionIds),
      tx.quizAnswer.findMany({ where: { attemptId }, select: { questionId: true, response: true, correct: true } }),
    ]);
    const loaded = questions.get(questionId);
    if (!loaded) throw new ConflictError("This question was removed from the course. Reload the quiz.");
    const q = loaded.question;
    const answered = new Set(answers.map((a) => a.questionId));
    const ids = activeQuestionIds(attempt.questionIds, (id) => questions.get(id)?.live ?? false, answered);
    const number = ids.indexOf(questionId) + 1;

    const existing = answers.find((a) => a.questionId === questionId);
    if (existing) {
      const stored = storedResponse(existing.response, q);
      if (!sameResponse(stored, response)) throw new ConflictError("You already answered this question.");
      const logs = await attemptMoves(tx, viewer, attemptId);
      const mine = logs.filter((l) => l.clientEventId === quizEventId(attemptId, questionId, l.move.cardId));
      return {
        review: reviewQuestion(q, attempt.seed, number, stored, existing.correct),
        moved: await describeMoves(tx, viewer, mine.map((l) => l.move)),
        finished: attempt.submittedAt !== null,
        answered: answers.length,
        total: ids.length,
        duplicate: true,
      };
    }
    if (attempt.submittedAt) throw new ConflictError("This quiz is finished. Its results are on the results page.");
    if (!loaded.live) throw new ConflictError("This question was removed from the course. Reload the quiz.");
    if (isBlank(response)) {
      throw new ValidationError(q.kind === "NUMERIC" ? "Enter a number first." : "Choose an answer first.");
    }

    const answer = normalizeResponse(response);
    const correct = gradeResponse(q, orderFor(q, attempt.seed), answer);
    await tx.quizAnswer.create({
      data: { attemptId, questionId, response: answer as Prisma.InputJsonValue, correct, answeredAt: now },
    });
    const events = quizReviewEvents(viewer.id, attemptId, [{ questionId, correct, cardIds: loaded.cardIds, durationMs }], now);
    const outcomes = await recordReviews(events, { now, tx });

    const finished = ids.every((id) => id === questionId || answered.has(id));
    if (finished) {
      const correctCount = answers.filter((a) => a.correct).length + (correct ? 1 : 0);
      await tx.quizAttempt.update({ where: { id: attemptId }, data: { submittedAt: now, correctCount } });
    }
    return {
      review: reviewQuestion(q, attempt.seed, number, answer, correct),
      moved: await describeMoves(tx, viewer, outcomeMoves(outcomes, now)),
      finished,
      answered: answers.length + 1,
      total: ids.length,
      duplicate: false,
    };
  }, TX_OPTIONS);
}

export interface SubmitResult {
  correctCount: number;
  total: number;
  moved: MovedCard[];
}

/**
 * Quizzes graded at the end: grades every question of the attempt at once (a question with no answer is wrong),
 * stores the answers and writes their review events in one transaction, and finishes the attempt. Every answer
 * is checked before anything is written.
 * @throws NotFoundError not the viewer's attempt
 * @throws ValidationError an answer to a question not in the attempt, the same question twice, a malformed answer
 * @throws ConflictError a second submission; a step-by-step quiz
 */
export async function submitAttempt(viewer: Viewer, input: SubmitAttemptInput, now: Date): Promise<SubmitResult> {
  const { attemptId, answers } = submitAttemptSchema.parse(input);
  return db().$transaction(async (tx) => {
    const attempt = await lockAttempt(tx, viewer, attemptId);
    if (attempt.submittedAt) {
      throw new ConflictError("This quiz was already submitted. Its results are on the results page.");
    }
    if (attempt.mode !== "END") {
      throw new ConflictError("This quiz gives feedback after each answer: answer the questions one at a time.");
    }
    const given = new Map<string, QuizResponse>();
    for (const a of answers) {
      if (!attempt.questionIds.includes(a.questionId)) throw new ValidationError("An answer names a question that is not part of this quiz.");
      if (given.has(a.questionId)) throw new ValidationError("A question was answered twice in one submission.");
      given.set(a.questionId, a.response);
    }
    const [questions, earlier] = await Promise.all([
      loadQuestions(tx, attempt.questionIds),
      tx.quizAnswer.findMany({ where: { attemptId }, select: { questionId: true, correct: true } }),
    ]);
    const answered = new Set(earlier.map((a) => a.questionId));
    const ids = activeQuestionIds(attempt.questionIds, (id) => questions.get(id)?.live ?? false, answered);

    // Grade everything first: a malformed answer anywhere refuses the whole submission.
    const graded: (GradedAnswer & { response: QuizResponse })[] = [];
    for (const id of ids) {
      const loaded = questions.get(id);
      if (!loaded || answered.has(id)) continue;
      const response = normalizeResponse(given.get(id) ?? blankResponse(loaded.question));
      const correct = gradeResponse(loaded.question, orderFor(loaded.question, attempt.seed), response);
      graded.push({ questionId: id, correct, cardIds: loaded.cardIds, response });
    }

    await tx.quizAnswer.createMany({
      data: graded.map((g) => ({
        attemptId,
        questionId: g.questionId,
        response: g.response as Prisma.InputJsonValue,
        correct: g.correct,
        answeredAt: now,
      })),
    });
    const outcomes = await recordReviews(quizReviewEvents(viewer.id, attemptId, graded, now), { now, tx });
    const correctCount = earlier.filter((a) => a.correct).length + graded.filter((g) => g.correct).length;
    await tx.quizAttempt.update({ where: { id: attemptId }, data: { submittedAt: now, correctCount } });
    return { correctCount, total: earlier.length + graded.length, moved: await describeMoves(tx, viewer, outcomeMoves(outcomes, now)) };
  }, TX_OPTIONS);
}
