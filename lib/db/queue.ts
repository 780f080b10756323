import "server-only";

import { CONCEPT_GROUPS } from "@/lib/content/schema";
import {
  buildQueue,
  dayWindow,
  type CardStateName,
  type DayWindow,
  type MemoryState,
  type QueueCandidate,
  type QueueItem,
  type QueueKind,
} from "@/lib/srs";

import { db } from "./client";
import { Prisma } from "./generated/client";
import { memoryFromRow, type MemoryRow } from "./memory-row";
import { liveGradeWhere } from "./review-log";
import { settingsRowFor, type SettingsRow } from "./settings";
import type { Viewer } from "./users";

/** Today's queue for one learner, as the review screen shows it. */
export interface TodayQueueDto {
  /** The learner's current study day (their time zone and day-start hour). */
  day: DayWindow;
  /** Cards to study now, in order: due (re)learning cards, then due reviews, then new cards. */
  items: QueueItem[];
  /** How many of each kind are in `items`. */
  counts: Record<QueueKind, number>;
  /** Grades given on the review screen during this study day. */
  reviewedToday: number;
  /** New cards first studied during this study day. */
  newToday: number;
  /** A (re)learning card that falls due later today: when to come back. */
  nextLearningDue: Date | null;
  /** The earliest due date of any studied card not due yet (for "nothing due until ..."). */
  nextDue: Date | null;
  /** Live cards in the learner's collection. */
  collectionSize: number;
  /** NEW cards in the collection, studied or not today (what the daily limit holds back shows as the rest). */
  newInCollection: number;
  limits: { newPerDay: number; maxReviewsPerDay: number };
}

/** The queue plus what building it read, for callers that render the cards (see review-session.ts). */
export interface LoadedQueue {
  queue: TodayQueueDto;
  memory: Map<string, MemoryState>;
  settings: SettingsRow;
}

interface StateRow extends MemoryRow {
  cardId: string;
  conceptKey: string;
}

const groups = [...CONCEPT_GROUPS];

// Only live cards of live concepts count anywhere in the queue.
const live = Prisma.sql`c."retiredAt" IS NULL AND co."retiredAt" IS NULL`;
const stateColumns = Prisma.sql`cs."cardId", cs."state"::text AS "state", cs."due", cs."stability", cs."difficulty",
  cs."elapsedDays", cs."scheduledDays", cs."learningSteps", cs."reps", cs."lapses", cs."lastReview", co."key" AS "conceptKey"`;

/**
 * Reads and orders a learner's queue for the study day containing `now`:
 * 1. today's counts from the review log (the (userId, reviewedAt) index), the live concepts with whether each
 *    prerequisite concept is started (has a card with reps > 0), collection totals (an index-only count
 *    on (userId, state, due) less the few retired cards) and the next due date;
 * 2. (re)learning cards due before the day ends, the due reviews buildQueue will take (ranked in SQL the way
 *    buildQueue ranks them, limited to the remaining daily cap), and a slice of NEW collection cards no longer
 *    than today's new-card allowance, concepts whose prerequisites are all started first, then course order;
 * then `buildQueue` orders and caps them. Retired cards never appear.
 */
export async function loadQueue(userId: string, now: Date): Promise<LoadedQueue> {
  const client = db();
  const settings = await settingsRowFor(userId);
  const day = dayWindow(now, settings.timezone, settings.dayStartHour);

  const [todayRows, concepts, totals] = await Promise.all([
    // Reviews and new cards count against the daily limits; (re)learning steps do not (see buildQueue).
    client.reviewLog.groupBy({
      by: ["stateBefore"],
      where: { userId, source: "REVIEW", reviewedAt: { gte: day.start, lt: day.end }, ...liveGradeWhere },
      _count: { _all: true },
    }),
    // Started counts any card of the concept, retired or not: what the learner has begun stays begun. It only
    // matters for concepts that are some live concept's prerequisite, so only those are looked up.
    client.$queryRaw<{ key: string; prerequisiteKeys: string[]; started: boolean }[]>`
      SELECT co."key", co."prerequisiteKeys",
             CASE WHEN co."key" IN (SELECT unnest(p."prerequisiteKeys") FROM "Concept" p WHERE p."retiredAt" IS NULL)
             THEN EXISTS (SELECT 1
                          -- OFFSET 0 and LIMIT 1 pin the plan to index probes: the concept's cards by the
                          -- (conceptId) index, each one's state by the (userId, cardId) key. Left to itself
                          -- the planner scans Card or the learner's states hoping for an early match.
                          FROM (SELECT c."id" FROM "Card" c WHERE c."conceptId" = co."id" OFFSET 0) c
                          CROSS JOIN LATERAL (SELECT cs."reps" FROM "CardState" cs
                                              WHERE cs."userId" = ${userId} AND cs."cardId" = c."id" LIMIT 1) cs
                          WHERE cs."reps" > 0)
             ELSE false END AS "started"
      FROM "Concept" co
      WHERE co."retiredAt" IS NULL`,
    // Counting over CardState alone is an index-only scan; retired cards in the collection are few, so they
    // are counted apart (through Card) and taken off.
    client.$queryRaw<{ total: number; fresh: number; retired: number; retiredFresh: number; nextDue: Date | null }[]>`
      SELECT a."total", a."fresh", r."retired", r."retiredFresh",
             (SELECT cs."due"
              FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
              WHERE cs."userId" = ${userId} AND cs."due" > ${now} AND cs."state" <> 'NEW' AND ${live}
              ORDER BY cs."due" LIMIT 1) AS "nextDue"
      FROM (SELECT count(*)::int AS "total", count(*) FILTER (WHERE "state" = 'NEW')::int AS "fresh"
            FROM "CardState" WHERE "userId" = ${userId}) a,
           (SELECT count(*)::int AS "retired", count(*) FILTER (WHERE cs."state" = 'NEW')::int AS "retiredFresh"
            FROM "CardState" cs
            WHERE cs."userId" = ${userId} AND cs."cardId" IN (
              SELECT c."id" FROM "Card" c WHERE c."retiredAt" IS NOT NULL
              UNION
              SELECT c."id" FROM "Card" c JOIN "Concept" co ON co."id" = c."conceptId" WHERE co."retiredAt" IS NOT NULL)) r`,
  ]);

  const countOf = (state: CardStateName) => todayRows.find((r) => r.stateBefore === state)?._count._all ?? 0;
  const newToday = countOf("NEW");
  const reviewsDoneToday = newToday + countOf("REVIEW");
  const reviewedToday = todayRows.reduce((sum, r) => sum + r._count._all, 0);

  const liveKeys = new Set(concepts.map((c) => c.key));
  // A retired prerequisite can no longer be started, so it no longer holds a concept back.
  const prerequisites = new Map(concepts.map((c) => [c.key, c.prerequisiteKeys.filter((k) => liveKeys.has(k))]));
  const started = new Set(concepts.filter((c) => c.started).map((c) => c.key));
  const ready = concepts
    .filter((c) => (prerequisites.get(c.key) ?? []).every((k) => started.has(k)))
    .map((c) => c.key);

  // buildQueue takes at most this many due reviews, the most overdue first (elapsed time over stability, then
  // due date, then card id); ranking them the same way here reads only those. Elapsed milliseconds are whole
  // numbers (dates are stored to the millisecond), so the float8 division gives the very value buildQueue
  // computes; a card never reviewed or with no stability ranks first, as there.
  const reviewCap = Math.max(0, Math.floor(settings.maxReviewsPerDay - reviewsDoneToday));
  const newAllowance = Math.max(0, Math.min(settings.newPerDay - newToday, reviewCap));
  const [dueRows, newRows] = await Promise.all([
    client.$queryRaw<StateRow[]>`
      (SELECT ${stateColumns}
       FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
       WHERE cs."userId" = ${userId} AND cs."state" IN ('LEARNING', 'RELEARNING') AND cs."due" < ${day.end} AND ${live})
      UNION ALL
      (SELECT ${stateColumns}
       FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
       WHERE cs."userId" = ${userId} AND cs."state" = 'REVIEW' AND cs."due" < ${day.end} AND ${live}
       ORDER BY CASE WHEN cs."lastReview" IS NULL OR cs."stability" <= 0 THEN 'Infinity'::float8
                     ELSE (EXTRACT(EPOCH FROM ((${now}::timestamptz AT TIME ZONE 'UTC') - cs."lastReview")) * 1000)::float8
                          / cs."stability"
                END DESC,
                cs."due", cs."cardId" COLLATE "C"
       LIMIT ${reviewCap})`,
    newAllowance === 0
      ? Promise.resolve([] as StateRow[])
      : client.$queryRaw<StateRow[]>`
          SELECT ${stateColumns}
          FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
          WHERE cs."userId" = ${userId} AND cs."state" = 'NEW' AND ${live}
          ORDER BY (co."key" = ANY(${ready}::text[])) DESC, array_position(${groups}::text[], co."group"),
                   co."order", c."position", cs."cardId"
          LIMIT ${newAllowance}`,
  ]);

  const memory = new Map<string, MemoryState>();
  const candidates: QueueCandidate[] = [];
  for (const rows of [dueRows, newRows]) {
    rows.forEach((row, index) => {
      const m = memoryFromRow(row);
      memory.set(row.cardId, m);
      // New rows arrive in course order already; their index is their order.
      candidates.push({ cardId: row.cardId, conceptKey: row.conceptKey, memory: m, order: index });
    });
  }

  const built = buildQueue({
    candidates,
    now,
    day,
    newPerDay: settings.newPerDay,
    maxReviewsPerDay: settings.maxReviewsPerDay,
    newIntroducedToday: newToday,
    reviewsDoneToday,
    startedConcepts: started,
    prerequisites,
  });
  const total = totals[0];
  const collectionSize = Number(total?.total ?? 0) - Number(total?.retired ?? 0);
  const newInCollection = Number(total?.fresh ?? 0) - Number(total?.retiredFresh ?? 0);
  return {
    memory,
    settings,
    queue: {
      day,
      items: built.items,
      counts: built.counts,
      reviewedToday,
      newToday,
      nextLearningDue: built.nextLearningDue,
      nextDue: total?.nextDue ? new Date(total.nextDue) : null,
      collectionSize,
      newInCollection,
      limits: { newPerDay: settings.newPerDay, maxReviewsPerDay: settings.maxReviewsPerDay },
    },
  };
}

/** The viewer's queue for the study day containing `now` (see `loadQueue`). */
export async function todayQueue(viewer: Viewer, now: Date): Promise<TodayQueueDto> {
  return (await loadQueue(viewer.id, now)).queue;
}
