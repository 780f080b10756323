import "server-only";

import { CONCEPT_GROUPS } from "@/lib/content/schema";
import { NotFoundError } from "@/lib/errors";
import { attemptTitle, summarizeAttempt, type AttemptSummary } from "@/lib/quiz/attempt";
import { DUE_SOON_DAYS } from "@/lib/quiz/due-soon";
import type { MovedCard } from "@/lib/quiz/moved";
import type { QuizMode, QuizScope } from "@/lib/quiz/types";
import { reviewQuestion, type QuestionReview } from "@/lib/quiz/view";

import { db } from "./client";
import type { Prisma } from "./generated/client";
import { attemptMoves, attemptSelect, conceptTitles, describeMoves, live, loadQuestions, storedResponse } from "./quiz-rows";
import type { Viewer } from "./users";

export type { AttemptSummary } from "@/lib/quiz/attempt";

const DAY_MS = 86_400_000;

async function viewerTimeZone(viewer: Viewer): Promise<string> {
  const settings = await db().userSettings.findUnique({ where: { userId: viewer.id }, select: { timezone: true } });
  return settings?.timezone ?? "UTC";
}

export interface AttemptResults {
  id: string;
  scope: QuizScope;
  mode: QuizMode;
  title: string;
  conceptKeys: string[];
  startedAt: Date;
  submittedAt: Date;
  correctCount: number;
  total: number;
  questions: QuestionReview[];
  /** Every card the attempt rated, once, with its new due date. */
  moved: MovedCard[];
  /** The viewer's attempts at the same quiz (same kind and concepts), newest first. */
  history: AttemptSummary[];
  /** The viewer's time zone, for dates on the page. */
  timeZone: string;
}

/**
 * The results of one of the viewer's finished attempts; null while it is still in progress.
 * @throws NotFoundError for a missing attempt and for another learner's
 */
export async function getResultsForViewer(viewer: Viewer, attemptId: string): Promise<AttemptResults | null> {
  const attempt = await db().quizAttempt.findFirst({
    where: { id: attemptId, userId: viewer.id },
    select: { ...attemptSelect, answers: { select: { questionId: true, response: true, correct: true } } },
  });
  if (!attempt) throw new NotFoundError("This quiz does not exist, or it is not yours.");
  if (!attempt.submittedAt) return null;
  const [questions, titleOf, logs, history, timeZone] = await Promise.all([
    loadQuestions(db(), attempt.questionIds),
    conceptTitles(db(), attempt.conceptKeys),
    attemptMoves(db(), viewer, attempt.id),
    attemptHistory(viewer, { scope: attempt.scope, conceptKeys: attempt.conceptKeys }),
    viewerTimeZone(viewer),
  ]);
  const answers = new Map(attempt.answers.map((a) => [a.questionId, a]));
  const reviews: QuestionReview[] = [];
  for (const id of attempt.questionIds) {
    const answer = answers.get(id);
    const q = questions.get(id)?.question;
    if (!answer || !q) continue;
    reviews.push(reviewQuestion(q, attempt.seed, reviews.length + 1, storedResponse(answer.response, q), answer.correct));
  }
  return {
    id: attempt.id,
    scope: attempt.scope,
    mode: attempt.mode,
    title: attemptTitle(attempt.scope, attempt.conceptKeys, titleOf),
    conceptKeys: attempt.conceptKeys,
    startedAt: attempt.startedAt,
    submittedAt: attempt.submittedAt,
    correctCount: attempt.correctCount ?? reviews.filter((r) => r.correct).length,
    total: reviews.length,
    questions: reviews,
    moved: await describeMoves(db(), viewer, logs.map((l) => l.move)),
    history,
    timeZone,
  };
}

const summarySelect = {
  id: true,
  scope: true,
  mode: true,
  conceptKeys: true,
  questionIds: true,
  startedAt: true,
  submittedAt: true,
  correctCount: true,
  _count: { select: { answers: true } },
} as const;

type SummaryRow = Prisma.QuizAttemptGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow, titleOf: (key: string) => string | undefined): AttemptSummary {
  return summarizeAttempt({ ...row, answered: row._count.answers }, titleOf);
}

/** The viewer's attempts at one quiz (a kind and its concepts), newest first. */
export async function attemptHistory(
  viewer: Viewer,
  quiz: { scope: QuizScope; conceptKeys: readonly string[] },
  limit = 20,
): Promise<AttemptSummary[]> {
  const keys = quiz.scope === "DUE_SOON" ? [] : [...new Set(quiz.conceptKeys)].sort();
  const [rows, titleOf] = await Promise.all([
    db().quizAttempt.findMany({
      where: { userId: viewer.id, scope: quiz.scope, conceptKeys: { equals: keys } },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: limit,
      select: summarySelect,
    }),
    conceptTitles(db(), keys),
  ]);
  return rows.map((r) => toSummary(r, titleOf));
}

export interface QuizConceptRow {
  key: string;
  title: string;
  questionCount: number;
  attempts: number;
  /** The latest finished attempt's score. */
  last: { correct: number; total: number } | null;
  best: { correct: number; total: number } | null;
  /** The newest unfinished attempt, to resume. */
  inProgressId: string | null;
}

export interface QuizOverview {
  groups: { group: string; concepts: QuizConceptRow[] }[];
  recent: AttemptSummary[];
  /** Cards of the viewer's collection due within the due-soon window. */
  dueSoonCards: number;
  /** The viewer's time zone, for dates on the page. */
  timeZone: string;
}

/** The quizzes page: every concept with questions and the viewer's standing on it, and their recent attempts. */
export async function quizOverview(viewer: Viewer, now: Date): Promise<QuizOverview> {
  const [concepts, counts, rows, dueSoonCards, timeZone] = await Promise.all([
    db().concept.findMany({ where: { retiredAt: null }, select: { id: true, key: true, title: true, group: true, order: true } }),
    db().question.groupBy({ by: ["conceptId"], where: { retiredAt: null }, _count: { _all: true } }),
    db().quizAttempt.findMany({
      where: { userId: viewer.id },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: 300,
      select: summarySelect,
    }),
    db().cardState.count({
      where: { userId: viewer.id, due: { lte: new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS) }, card: live },
    }),
    viewerTimeZone(viewer),
  ]);
  const titles = new Map(concepts.map((c) => [c.key, c.title]));
  const summaries = rows.map((r) => toSummary(r, (k) => titles.get(k)));
  const countOf = new Map(counts.map((c) => [c.conceptId, c._count._all]));
  const groupRank = (g: string) => {
    const i = (CONCEPT_GROUPS as readonly string[]).indexOf(g);
    return i < 0 ? CONCEPT_GROUPS.length : i;
  };
  const sorted = concepts
    .filter((c) => (countOf.get(c.id) ?? 0) > 0)
    .sort((a, b) => groupRank(a.group) - groupRank(b.group) || a.order - b.order || a.title.localeCompare(b.title));

  const groups: QuizOverview["groups"] = [];
  for (const c of sorted) {
    const mine = summaries.filter((s) => s.scope === "CONCEPT" && s.conceptKeys[0] === c.key);
    const done = mine.filter((s) => s.correctCount !== null && s.total > 0);
    const score = (s: AttemptSummary) => ({ correct: s.correctCount ?? 0, total: s.total });
    const best = done.reduce<AttemptSummary | null>(
      (b, s) => (!b || (s.correctCount ?? 0) / s.total > (b.correctCount ?? 0) / b.total ? s : b),
      null,
    );
    const row: QuizConceptRow = {
      key: c.key,
      title: c.title,
      questionCount: countOf.get(c.id) ?? 0,
      attempts: mine.length,
      last: done[0] ? score(done[0]) : null,
      best: best ? score(best) : null,
      inProgressId: mine.find((s) => s.submittedAt === null)?.id ?? null,
    };
    const group = groups.at(-1);
    if (group?.group === c.group) group.concepts.push(row);
    else groups.push({ group: c.group, concepts: [row] });
  }
  return { groups, recent: summaries.slice(0, 15), dueSoonCards, timeZone };
}

/** A concept's quiz before it starts: its title, question count and any unfinished attempt of the viewer's. */
export async function conceptQuizInfo(
  viewer: Viewer,
  conceptKey: string,
): Promise<{ key: string; title: string; questionCount: number; inProgressId: string | null }> {
  const concept = await db().concept.findFirst({
    where: { key: conceptKey, retiredAt: null },
    select: { key: true, title: true, _count: { select: { questions: { where: { retiredAt: null } } } } },
  });
  if (!concept) throw new NotFoundError(`There is no concept "${conceptKey}" in the course.`);
  const open = await db().quizAttempt.findFirst({
    where: { userId: viewer.id, scope: "CONCEPT", conceptKeys: { equals: [concept.key] }, submittedAt: null },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return { key: concept.key, title: concept.title, questionCount: concept._count.questions, inProgressId: open?.id ?? null };
}
