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

/**
 * Due reviews read per request at most. buildQueue picks the reviews to serve by retrievability, not by due
 * date, so it needs the whole due set; past this many (months away from the app) the earliest-due are used.
 */
const MAX_DUE_ROWS = 5000;

interface StateRow {
  cardId: string;
  state: CardStateName;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: Date | null;
  conceptKey: string;
}

const groups = [...CONCEPT_GROUPS];

function toMemory(row: StateRow): MemoryState {
  return {
    state: row.state,
    due: new Date(row.due),
    stability: Number(row.stability),
    difficulty: Number(row.difficulty),
    elapsedDays: Number(row.elapsedDays),
    scheduledDays: Number(row.scheduledDays),
    learningSteps: Number(row.learningSteps),
    reps: Number(row.reps),
    lapses: Number(row.lapses),
    lastReview: row.lastReview === null ? null : new Date(row.lastReview),
  };
}

// Only live cards of live concepts count anywhere in the queue.
const live = Prisma.sql`c."retiredAt" IS NULL AND co."retiredAt" IS NULL`;
const stateColumns = Prisma.sql`cs."cardId", cs."state"::text AS "state", cs."due", cs."stability", cs."difficulty",
  cs."elapsedDays", cs."scheduledDays", cs."learningSteps", cs."reps", cs."lapses", cs."lastReview", co."key" AS "conceptKey"`;

/**
 * Reads and orders a learner's queue for the study day containing `now`:
 * 1. studied cards due before the day ends (range scan of the (userId, due) index);
 * 2. today's counts from the review log (the (userId, reviewedAt) index);
 * 3. a slice of NEW collection cards no longer than today's new-card allowance, concepts whose prerequisites
 *    are all started (a card with reps > 0) first, then course order;
 * then `buildQueue` orders and caps them. Retired cards never appear.
 */
export async function loadQueue(userId: string, now: Date): Promise<LoadedQueue> {
  const client = db();
  const settings = await settingsRowFor(userId);
  const day = dayWindow(now, settings.timezone, settings.dayStartHour);

  const [dueRows, todayRows, totals, concepts, startedRows] = await Promise.all([
    client.$queryRaw<StateRow[]>`
      SELECT ${stateColumns}
      FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
      WHERE cs."userId" = ${userId} AND cs."due" < ${day.end} AND cs."state" <> 'NEW' AND ${live}
      ORDER BY cs."due", cs."cardId"
      LIMIT ${MAX_DUE_ROWS}`,
    // Reviews and new cards count against the daily limits; (re)learning steps do not (see buildQueue).
    client.reviewLog.groupBy({
      by: ["stateBefore"],
      where: { userId, source: "REVIEW", reviewedAt: { gte: day.start, lt: day.end } },
      _count: { _all: true },
    }),
    client.$queryRaw<{ total: number | bigint; fresh: number | bigint; nextDue: Date | null }[]>`
      SELECT count(*)::int AS "total",
             count(*) FILTER (WHERE cs."state" = 'NEW')::int AS "fresh",
             min(cs."due") FILTER (WHERE cs."state" <> 'NEW' AND cs."due" > ${now}) AS "nextDue"
      FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
      WHERE cs."userId" = ${userId} AND ${live}`,
    client.concept.findMany({ where: { retiredAt: null }, select: { key: true, prerequisiteKeys: true } }),
    client.$queryRaw<{ key: string }[]>`
      SELECT DISTINCT co."key"
      FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
      WHERE cs."userId" = ${userId} AND cs."reps" > 0`,
  ]);

  const countOf = (state: CardStateName) => todayRows.find((r) => r.stateBefore === state)?._count._all ?? 0;
  const newToday = countOf("NEW");
  const reviewsDoneToday = newToday + countOf("REVIEW");
  const reviewedToday = todayRows.reduce((sum, r) => sum + r._count._all, 0);

  const liveKeys = new Set(concepts.map((c) => c.key));
  // A retired prerequisite can no longer be started, so it no longer holds a concept back.
  const prerequisites = new Map(concepts.map((c) => [c.key, c.prerequisiteKeys.filter((k) => liveKeys.has(k))]));
  const started = new Set(startedRows.map((r) => r.key));
  const ready = concepts
    .filter((c) => (prerequisites.get(c.key) ?? []).every((k) => started.has(k)))
    .map((c) => c.key);

  const newAllowance = Math.max(
    0,
    Math.min(settings.newPerDay - newToday, settings.maxReviewsPerDay - reviewsDoneToday),
  );
  const newRows =
    newAllowance === 0
      ? []
      : await client.$queryRaw<StateRow[]>`
          SELECT ${stateColumns}
          FROM "CardState" cs JOIN "Card" c ON c."id" = cs."cardId" JOIN "Concept" co ON co."id" = c."conceptId"
          WHERE cs."userId" = ${userId} AND cs."state" = 'NEW' AND ${live}
          ORDER BY (co."key" = ANY(${ready}::text[])) DESC, array_position(${groups}::text[], co."group"),
                   co."order", c."position", cs."cardId"
          LIMIT ${newAllowance}`;

  const memory = new Map<string, MemoryState>();
  const candidates: QueueCandidate[] = [];
  for (const rows of [dueRows, newRows]) {
    rows.forEach((row, index) => {
      const m = toMemory(row);
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
      collectionSize: Number(total?.total ?? 0),
      newInCollection: Number(total?.fresh ?? 0),
      limits: { newPerDay: settings.newPerDay, maxReviewsPerDay: settings.maxReviewsPerDay },
    },
  };
}

/** The viewer's queue for the study day containing `now` (see `loadQueue`). */
export async function todayQueue(viewer: Viewer, now: Date): Promise<TodayQueueDto> {
  return (await loadQueue(viewer.id, now)).queue;
}
