import "server-only";

import { NotFoundError } from "@/lib/errors";
import { buildDashboard } from "@/lib/progress/dashboard";
import { recallProbability, sumRecall } from "@/lib/progress/mastery";
import type {
  ActivityItem,
  ClassDashboard,
  ConceptProgress,
  LabRunItem,
  QuizResult,
  StudentProgress,
} from "@/lib/progress/types";

import { assertEnrolled, ownedClass } from "./classes";
import { db } from "./client";
import { assemble, conceptMemories, rosterStudents, type ForecastOptions } from "./dashboard-queries";
import type { Prisma } from "./generated/client";
import { liveGradeWhere } from "./review-log";
import type { Viewer } from "./users";

export type { ForecastOptions };

// The class views an instructor reads. Each checks ownership first (`ownedClass`), then reads a fixed number of
// queries whatever the class size (see ./dashboard-queries) and returns a DTO from lib/progress/types.

/** Recent items shown on a student's page. */
const RECENT_LIMIT = 25;

/**
 * The dashboard of one class the viewer owns: roster with metrics and at-risk reasons, concept mastery now
 * and on the forecast date, the forgetting ranking and the students x concepts heatmap.
 * @throws ForbiddenError for a student; NotFoundError for a class that is not the viewer's
 */
export async function classDashboard(viewer: Viewer, classId: string, options: ForecastOptions): Promise<ClassDashboard> {
  const info = await ownedClass(viewer, classId);
  const parts = await assemble(info, { classId }, options);
  return {
    class: info,
    now: options.now,
    forecastDate: options.forecastDate,
    forecastAt: options.forecastAt,
    students: parts.students,
    concepts: parts.concepts,
    forgettingOrder: parts.forgettingOrder,
    heatmap: parts.heatmap,
  };
}

/**
 * One student of a class the viewer owns: their summary, concept mastery, recent activity, quizzes and labs.
 * @throws NotFoundError for a class that is not the viewer's, or a student not (or no longer) in it
 */
export async function studentProgress(
  viewer: Viewer,
  classId: string,
  studentId: string,
  options: ForecastOptions,
): Promise<StudentProgress> {
  const info = await ownedClass(viewer, classId);
  await assertEnrolled(classId, studentId);
  const client = db();
  const [parts, logs, attempts, runs] = await Promise.all([
    assemble(info, { classId, studentId }, options),
    client.reviewLog.findMany({
      where: { userId: studentId, reviewedAt: { lte: options.now }, ...liveGradeWhere },
      select: {
        reviewedAt: true,
        rating: true,
        source: true,
        card: { select: { key: true, concept: { select: { key: true, title: true } } } },
      },
      orderBy: [{ reviewedAt: "desc" }, { id: "desc" }],
      take: RECENT_LIMIT,
    }),
    client.quizAttempt.findMany({
      where: { userId: studentId, startedAt: { lte: options.now } },
      select: { id: true, startedAt: true, submittedAt: true, scope: true, correctCount: true, questionIds: true, conceptKeys: true },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: RECENT_LIMIT,
    }),
    client.labRun.findMany({
      // Only runs the server reproduced and graded; a refused summary or one still verifying is no evidence.
      where: { userId: studentId, createdAt: { lte: options.now }, status: "GRADED" },
      select: { id: true, createdAt: true, backend: true, outcomes: true, lab: { select: { title: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_LIMIT,
    }),
  ]);
  const summary = parts.students[0];
  if (!summary) throw new NotFoundError("That student is not in this class.");
  const titles = new Map(parts.concepts.map((c) => [c.key, c.title]));

  return {
    class: info,
    forecastDate: options.forecastDate,
    forecastAt: options.forecastAt,
    summary,
    concepts: parts.concepts.map((c, j) => ({
      key: c.key,
      title: c.title,
      cardCount: c.cardCount,
      studied: parts.grid.studied[0]?.[j] ?? 0,
      masteryNow: parts.heatmap.now[0]?.[j] ?? null,
      masteryForecast: parts.heatmap.forecast[0]?.[j] ?? null,
    })),
    recentActivity: logs.map(
      (l): ActivityItem => ({
        reviewedAt: l.reviewedAt,
        rating: (l.rating >= 1 && l.rating <= 4 ? l.rating : 1) as ActivityItem["rating"],
        source: l.source,
        cardKey: l.card.key,
        conceptKey: l.card.concept.key,
        conceptTitle: l.card.concept.title,
      }),
    ),
    quizzes: attempts.map(
      (a): QuizResult => ({
        id: a.id,
        startedAt: a.startedAt,
        submittedAt: a.submittedAt,
        scope: a.scope,
        correct: a.correctCount,
        questions: a.questionIds.length,
        conceptTitles: a.conceptKeys.map((k) => titles.get(k) ?? k),
      }),
    ),
    labRuns: runs.map((r): LabRunItem => {
      const outcomes = outcomeList(r.outcomes);
      return {
        id: r.id,
        createdAt: r.createdAt,
        labTitle: r.lab.title,
        backend: r.backend,
        predictions: outcomes.length,
        confirmed: outcomes.filter((o) => o.confirmed).length,
      };
    }),
  };
}

/**
 * `LabRun.outcomes` is a list of `{ key, verdict, ... }` (runs recorded before verdicts stored `confirmed`);
 * anything else reads as no outcomes.
 */
function outcomeList(value: Prisma.JsonValue): { confirmed: boolean }[] {
  if (!Array.isArray(value)) return [];
  return value.map((o) => {
    const entry = o !== null && typeof o === "object" && !Array.isArray(o) ? o : {};
    return { confirmed: entry.verdict === "confirmed" || (entry.verdict === undefined && entry.confirmed === true) };
  });
}

/**
 * One concept across a class the viewer owns: each student's mastery now and on the forecast date (lowest
 * forecast first) and each card's mean recall over the class.
 * @throws NotFoundError for a class that is not the viewer's or a concept not in the course
 */
export async function conceptProgress(
  viewer: Viewer,
  classId: string,
  conceptKey: string,
  options: ForecastOptions,
): Promise<ConceptProgress> {
  const info = await ownedClass(viewer, classId);
  const concept = await db().concept.findFirst({
    where: { key: conceptKey, retiredAt: null },
    select: {
      id: true,
      key: true,
      title: true,
      group: true,
      order: true,
      cards: { where: { retiredAt: null }, select: { key: true, kind: true, front: true }, orderBy: [{ position: "asc" }, { key: "asc" }] },
    },
  });
  if (!concept) throw new NotFoundError("That concept is not in the course.");
  const scope = { classId };
  const [students, memories] = await Promise.all([rosterStudents(scope), conceptMemories(scope, concept.id)]);
  const ref = { key: concept.key, title: concept.title, group: concept.group, order: concept.order, cardCount: concept.cards.length };
  const parts = buildDashboard({
    students,
    aggregates: new Map(),
    recall: sumRecall(memories, students, [options.now, options.forecastAt]),
    concepts: [ref],
    thresholds: info.thresholds,
    now: options.now,
  });

  const weights = new Map(students.map((s) => [s.id, s.weights]));
  const perCard = new Map<string, { studied: number; now: number; forecast: number }>();
  for (const m of memories) {
    if (m.state === "NEW" || m.lastReview === null) continue;
    const w = weights.get(m.userId) ?? null;
    const acc = perCard.get(m.cardKey) ?? { studied: 0, now: 0, forecast: 0 };
    acc.studied++;
    acc.now += recallProbability(m, options.now, w);
    acc.forecast += recallProbability(m, options.forecastAt, w);
    perCard.set(m.cardKey, acc);
  }
  const n = students.length;
  const rows = students.map((s, i) => ({
    id: s.id,
    name: s.name,
    studied: parts.grid.studied[i]?.[0] ?? 0,
    masteryNow: parts.heatmap.now[i]?.[0] ?? null,
    masteryForecast: parts.heatmap.forecast[i]?.[0] ?? null,
  }));
  rows.sort((a, b) => (a.masteryForecast ?? 0) - (b.masteryForecast ?? 0) || a.name.localeCompare(b.name));

  return {
    class: info,
    forecastDate: options.forecastDate,
    forecastAt: options.forecastAt,
    concept: parts.concepts[0] ?? { ...ref, masteryNow: null, masteryForecast: null, coverage: null },
    students: rows,
    cards: concept.cards.map((c) => {
      const acc = perCard.get(c.key);
      return {
        key: c.key,
        kind: c.kind,
        prompt: c.front,
        studied: acc?.studied ?? 0,
        recallNow: n === 0 ? null : (acc?.now ?? 0) / n,
        recallForecast: n === 0 ? null : (acc?.forecast ?? 0) / n,
      };
    }),
  };
}
