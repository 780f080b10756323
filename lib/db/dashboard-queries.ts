import "server-only";

import {
  buildDashboard,
  studyClock,
  type CourseConcept,
  type RosterStudent,
  type StudentAggregates,
} from "@/lib/progress/dashboard";
import { curveOf, learnerWeights, type CardMemory, type RecallSum } from "@/lib/progress/mastery";
import type { ClassInfo } from "@/lib/progress/types";
import { dayWindow, studyDayNumber, type CardStateName } from "@/lib/srs";

import { db } from "./client";
import { Prisma } from "./generated/client";
import { liveGradeSql } from "./review-log";

// The SQL behind the class views (lib/db/dashboard.ts). Callers check ownership first; every query here joins
// Enrollment for the class, so a removed student drops out of every view at once. A fixed number of queries
// whatever the class size: per-student figures are set-based (GROUP BY, LATERAL per student, one recursive
// walk), and mastery is summed in SQL per student and concept with each learner's forgetting curve.

const DAY_MS = 86_400_000;
/** The longest streak the walk follows back (ten years); longer ones show as this many days. */
const MAX_STREAK_DAYS = 3660;

export interface ForecastOptions {
  now: Date;
  /** The picked date, "YYYY-MM-DD", and the instant it stands for (see `parseForecastDate`). */
  forecastDate: string;
  forecastAt: Date;
}

/** One class, or one student of it. */
export type Scope = { classId: string; studentId?: string };

function onlyStudent(scope: Scope, column: Prisma.Sql): Prisma.Sql {
  return scope.studentId ? Prisma.sql`AND ${column} = ${scope.studentId}` : Prisma.empty;
}

export async function rosterStudents(scope: Scope): Promise<RosterStudent[]> {
  const rows = await db().$queryRaw<
    { id: string; name: string; email: string; joinedAt: Date; timezone: string | null; dayStartHour: number | null; fsrsWeights: number[] | null }[]
  >`
    SELECT u."id", u."name", u."email", e."joinedAt", s."timezone", s."dayStartHour", s."fsrsWeights"
    FROM "Enrollment" e
    JOIN "User" u ON u."id" = e."userId"
    LEFT JOIN "UserSettings" s ON s."userId" = e."userId"
    WHERE e."classId" = ${scope.classId} ${onlyStudent(scope, Prisma.sql`e."userId"`)}
    ORDER BY lower(u."name"), u."id"`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    joinedAt: r.joinedAt,
    ...studyClock(r.timezone, r.dayStartHour),
    weights: learnerWeights(r.fsrsWeights),
  }));
}

/** A timestamp parameter for arrays: UTC wall time, read by PostgreSQL as `timestamp` (the columns' type). */
function sqlTimestamp(moment: Date): string {
  return moment.toISOString().replace("T", " ").replace("Z", "");
}

/**
 * Every per-student figure of the roster, in five queries run side by side whatever the class size. Each
 * learner's own clock (zone, day-start hour) and forgetting curve (decay, factor) go to SQL as parallel arrays
 * computed here with lib/srs, so SQL and lib/progress agree on days and on R.
 */
async function studentAggregates(
  scope: Scope,
  students: readonly RosterStudent[],
  conceptKeys: ReadonlyMap<string, string>,
  options: ForecastOptions,
): Promise<{ aggregates: Map<string, Partial<StudentAggregates>>; recall: RecallSum[] }> {
  const out = new Map<string, Partial<StudentAggregates>>();
  if (students.length === 0) return { aggregates: out, recall: [] };
  const client = db();
  const { now, forecastAt } = options;
  const since7 = new Date(now.getTime() - 7 * DAY_MS);
  const since30 = new Date(now.getTime() - 30 * DAY_MS);
  const only = onlyStudent(scope, Prisma.sql`e."userId"`);

  const ids: string[] = [];
  const zones: string[] = [];
  const hours: number[] = [];
  const todays: number[] = [];
  const dayStarts: string[] = [];
  const dayEnds: string[] = [];
  const decays: number[] = [];
  const factors: number[] = [];
  for (const s of students) {
    const day = dayWindow(now, s.timeZone, s.dayStartHour);
    const curve = curveOf(s.weights);
    ids.push(s.id);
    zones.push(s.timeZone);
    hours.push(s.dayStartHour);
    todays.push(studyDayNumber(now, s.timeZone, s.dayStartHour));
    dayStarts.push(sqlTimestamp(day.start));
    dayEnds.push(sqlTimestamp(day.end));
    decays.push(curve.decay);
    factors.push(curve.factor);
  }

  // Per-student figures read each student's rows through their (userId, time) index (LATERAL), so the cost
  // follows the class, not the size of the whole table.
  const [windows, runs, recallRows, quizzes, labs] = await Promise.all([
    client.$queryRaw<{ userId: string; reviews7d: number; retentionTotal: number; retentionPassed: number }[]>`
      SELECT e."userId", x.*
      FROM "Enrollment" e
      CROSS JOIN LATERAL (
        SELECT (count(*) FILTER (WHERE r."reviewedAt" > ${since7}))::int AS "reviews7d",
               (count(*) FILTER (WHERE r."stateBefore" = 'REVIEW'))::int AS "retentionTotal",
               (count(*) FILTER (WHERE r."stateBefore" = 'REVIEW' AND r."rating" > 1))::int AS "retentionPassed"
        FROM "ReviewLog" r
        WHERE r."userId" = e."userId" AND r."reviewedAt" > ${since30} AND r."reviewedAt" <= ${now} AND ${liveGradeSql("r")}
      ) x
      WHERE e."classId" = ${scope.classId} ${only}`,
    // The current streak, walked back one study day at a time from today: each step is one index probe
    // ("any review in this day?") for every student still on a streak, so the cost grows with the length of
    // the streaks, not with the size of the history. Today may be empty (the day is not over); any other empty
    // day ends the walk. Day d starts at d + hour, local time, converted to UTC as the columns are.
    client.$queryRaw<{ userId: string; first: number | null; last: number | null; lastReviewAt: Date | null }[]>`
      WITH RECURSIVE clock AS (
        SELECT c.*
        FROM unnest(${ids}::text[], ${zones}::text[], ${hours}::int[], ${todays}::int[]) AS c("userId", zone, hour, today)
        JOIN "Enrollment" e ON e."userId" = c."userId" AND e."classId" = ${scope.classId}
      ), walk AS (
        SELECT c."userId", c.zone, c.hour, c.today, c.today AS day, b.start,
               EXISTS (SELECT 1 FROM "ReviewLog" r
                       WHERE r."userId" = c."userId" AND r."reviewedAt" >= b.start AND r."reviewedAt" <= ${now}
                         AND ${liveGradeSql("r")}) AS hit
        FROM clock c
        CROSS JOIN LATERAL (
          SELECT (((DATE '1970-01-01' + c.today) + make_interval(hours => c.hour)) AT TIME ZONE c.zone) AT TIME ZONE 'UTC' AS start
        ) b
        UNION ALL
        SELECT w."userId", w.zone, w.hour, w.today, w.day - 1, b.start,
               EXISTS (SELECT 1 FROM "ReviewLog" r
                       WHERE r."userId" = w."userId" AND r."reviewedAt" >= b.start AND r."reviewedAt" < w.start
                         AND ${liveGradeSql("r")})
        FROM walk w
        CROSS JOIN LATERAL (
          SELECT (((DATE '1970-01-01' + w.day - 1) + make_interval(hours => w.hour)) AT TIME ZONE w.zone) AT TIME ZONE 'UTC' AS start
        ) b
        WHERE (w.hit OR w.day = w.today) AND w.day > w.today - ${MAX_STREAK_DAYS}::int
      )
      SELECT w."userId",
             (min(w.day) FILTER (WHERE w.hit))::int AS first,
             (max(w.day) FILTER (WHERE w.hit))::int AS last,
             (SELECT max(r."reviewedAt") FROM "ReviewLog" r
              WHERE r."userId" = w."userId" AND r."reviewedAt" <= ${now} AND ${liveGradeSql("r")}) AS "lastReviewAt"
      FROM walk w
      GROUP BY w."userId"`,
    // Mastery and due counts: R = (1 + factor * t / S)^(-decay) summed per student and concept at now and at
    // the forecast instant, over studied cards in the course; due and overdue against the learner's study day.
    client.$queryRaw<
      { userId: string; conceptId: string; studied: number; recallNow: number; recallForecast: number; dueToday: number; overdue: number }[]
    >`
      WITH learner AS (
        SELECT * FROM unnest(${ids}::text[], ${decays}::float8[], ${factors}::float8[],
                             ${dayStarts}::timestamp[], ${dayEnds}::timestamp[])
          AS l("userId", decay, factor, "dayStart", "dayEnd")
      ), states AS (
        SELECT l."userId", c."conceptId", l.decay, l.factor, l."dayStart", l."dayEnd", cs."due", cs."stability",
               cs."state" <> 'NEW' AND cs."lastReview" IS NOT NULL AND cs."stability" > 0 AS studied,
               cs."state" <> 'NEW' AS live,
               -- date_part is float8 (EXTRACT would be numeric, several times slower over a class's cards)
               GREATEST(0::float8, date_part('epoch', ${sqlTimestamp(now)}::timestamp - cs."lastReview") / 86400) AS t_now,
               GREATEST(0::float8, date_part('epoch', ${sqlTimestamp(forecastAt)}::timestamp - cs."lastReview") / 86400) AS t_forecast
        FROM "Enrollment" e
        JOIN learner l ON l."userId" = e."userId"
        JOIN "CardState" cs ON cs."userId" = e."userId"
        JOIN "Card" c ON c."id" = cs."cardId" AND c."retiredAt" IS NULL
        JOIN "Concept" k ON k."id" = c."conceptId" AND k."retiredAt" IS NULL
        WHERE e."classId" = ${scope.classId} ${only}
      )
      SELECT "userId", "conceptId",
             (count(*) FILTER (WHERE studied))::int AS studied,
             coalesce(sum(power(1 + factor * t_now / "stability", -decay)) FILTER (WHERE studied), 0)::float8 AS "recallNow",
             coalesce(sum(power(1 + factor * t_forecast / "stability", -decay)) FILTER (WHERE studied), 0)::float8 AS "recallForecast",
             (count(*) FILTER (WHERE live AND "due" < "dayEnd"))::int AS "dueToday",
             (count(*) FILTER (WHERE live AND "due" < "dayStart"))::int AS overdue
      FROM states
      GROUP BY "userId", "conceptId"`,
    client.$queryRaw<{ userId: string; taken: number; average: number | null; lastAt: Date | null }[]>`
      SELECT e."userId", x.*
      FROM "Enrollment" e
      CROSS JOIN LATERAL (
        SELECT (count(*) FILTER (WHERE q."submittedAt" IS NOT NULL))::int AS taken,
               avg(q."correctCount"::float8 / cardinality(q."questionIds"))
                 FILTER (WHERE q."submittedAt" IS NOT NULL AND q."correctCount" IS NOT NULL
                         AND cardinality(q."questionIds") > 0) AS average,
               max(GREATEST(q."startedAt", q."submittedAt")) AS "lastAt"
        FROM "QuizAttempt" q
        WHERE q."userId" = e."userId" AND q."startedAt" <= ${now} AND (q."submittedAt" IS NULL OR q."submittedAt" <= ${now})
      ) x
      WHERE e."classId" = ${scope.classId} ${only}`,
    client.$queryRaw<{ userId: string; runs: number; lastAt: Date | null }[]>`
      SELECT e."userId", x.*
      FROM "Enrollment" e
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS runs, max(l."createdAt") AS "lastAt"
        FROM "LabRun" l
        WHERE l."userId" = e."userId" AND l."createdAt" <= ${now} AND l."status" = 'GRADED'
      ) x
      WHERE e."classId" = ${scope.classId} ${only}`,
  ]);
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = {}));
    return e;
  };
  for (const w of windows) Object.assign(entry(w.userId), w);
  for (const r of runs) {
    const run = r.first !== null && r.last !== null ? { first: r.first, last: r.last } : null;
    Object.assign(entry(r.userId), { lastRun: run, lastReviewAt: r.lastReviewAt });
  }
  const recall: RecallSum[] = [];
  for (const row of recallRows) {
    const e = entry(row.userId);
    e.dueToday = (e.dueToday ?? 0) + row.dueToday;
    e.overdue = (e.overdue ?? 0) + row.overdue;
    const conceptKey = conceptKeys.get(row.conceptId);
    if (conceptKey === undefined) continue;
    recall.push({ userId: row.userId, conceptKey, studied: row.studied, recall: [Number(row.recallNow), Number(row.recallForecast)] });
  }
  for (const q of quizzes) {
    Object.assign(entry(q.userId), { quizzesTaken: q.taken, quizAverage: q.average === null ? null : Number(q.average), lastQuizAt: q.lastAt });
  }
  for (const l of labs) Object.assign(entry(l.userId), { labRuns: l.runs, lastLabAt: l.lastAt });
  return { aggregates: out, recall };
}

/** Card states of the class's students for one concept's cards in the course (a concept page reads a few thousand). */
export async function conceptMemories(scope: Scope, conceptId: string): Promise<(CardMemory & { cardKey: string })[]> {
  const rows = await db().$queryRaw<
    { userId: string; conceptKey: string; cardKey: string; state: CardStateName; stability: number; lastReview: Date | null }[]
  >`
    SELECT cs."userId", k."key" AS "conceptKey", c."key" AS "cardKey", cs."state"::text AS state,
           cs."stability", cs."lastReview"
    FROM "Enrollment" e
    JOIN "CardState" cs ON cs."userId" = e."userId"
    JOIN "Card" c ON c."id" = cs."cardId" AND c."retiredAt" IS NULL
    JOIN "Concept" k ON k."id" = c."conceptId" AND k."retiredAt" IS NULL
    WHERE e."classId" = ${scope.classId} AND c."conceptId" = ${conceptId}`;
  return rows;
}

/** The course's concepts in order, each with its number of cards in the course. */
async function courseConcepts(): Promise<(CourseConcept & { id: string })[]> {
  return db().$queryRaw<(CourseConcept & { id: string })[]>`
    SELECT k."id", k."key", k."title", k."group", k."order", count(c."id")::int AS "cardCount"
    FROM "Concept" k
    LEFT JOIN "Card" c ON c."conceptId" = k."id" AND c."retiredAt" IS NULL
    WHERE k."retiredAt" IS NULL
    GROUP BY k."id"
    ORDER BY k."order", k."key"`;
}

/** The roster, concepts and every per-student figure of `scope`, assembled by lib/progress. */
export async function assemble(info: ClassInfo, scope: Scope, options: ForecastOptions) {
  const [students, concepts] = await Promise.all([rosterStudents(scope), courseConcepts()]);
  const { aggregates, recall } = await studentAggregates(scope, students, new Map(concepts.map((c) => [c.id, c.key])), options);
  return buildDashboard({
    students,
    aggregates,
    recall,
    concepts,
    thresholds: info.thresholds,
    now: options.now,
  });
}
