import "server-only";

import { ValidationError } from "@/lib/errors";
import type { CardStateName, MemoryState, Rating, ReviewSource } from "@/lib/srs";

import { Prisma } from "./generated/client";
import type { MemoryRow } from "./memory-row";
import type { TransactionClient } from "./review-events";

// The statements behind recordReviews (lib/db/reviews.ts): one read of everything an event needs, and one
// write that updates or inserts the card states and appends the log rows, all or nothing. One column list
// for each table, so that grades, undos, single events and batches are written by the same SQL.

/**
 * A review dated at most this long before the card's last review is taken as a concurrent grade (two tabs, two
 * devices with slightly different clocks) and applied just after it; an earlier one is refused.
 */
export const CONCURRENT_GRADE_TOLERANCE_MS = 1_000;

/**
 * When a review of a card in state `before` is applied: at `reviewedAt`, or just after the card's last review
 * when it is dated a moment before it (another tab). Keeps each card's standing grades strictly ordered by
 * reviewedAt, so replaying them needs no tie-break.
 * @throws ValidationError when it is dated more than CONCURRENT_GRADE_TOLERANCE_MS before the last review
 */
export function reviewTime(before: MemoryState, reviewedAt: Date): Date {
  if (before.lastReview === null || reviewedAt.getTime() > before.lastReview.getTime()) return reviewedAt;
  if (before.lastReview.getTime() - reviewedAt.getTime() > CONCURRENT_GRADE_TOLERANCE_MS) {
    throw new ValidationError(
      "This review is dated before the card's last review. Reload the page to see the card's current state.",
      { reviewedAt: ["Dated before the card's last review."] },
    );
  }
  return new Date(before.lastReview.getTime() + 1);
}

/** One (learner, card) pair an event touches. */
export interface Pair {
  userId: string;
  cardId: string;
}

/** What the read returns for one pair. State columns are null when the card is not in the collection. */
export interface PairRow extends Partial<MemoryRow> {
  userId: string;
  cardId: string;
  cardExists: boolean;
  cardKey: string | null;
  conceptKey: string | null;
  retired: boolean | null;
  userExists: boolean;
  hasSettings: boolean;
  desiredRetention: number | null;
  newPerDay: number | null;
  maxReviewsPerDay: number | null;
  settingsLearningSteps: string[] | null;
  relearningSteps: string[] | null;
  timezone: string | null;
  dayStartHour: number | null;
  fsrsWeights: number[] | null;
  paramsFittedAt: Date | null;
  stateId: string | null;
  version: number | null;
  /** Event ids of this call already in the log for the same learner (repeats). */
  seen: string[];
  /** Event ids of this call already in the log for another learner. */
  taken: string[];
}

const text = (value: string) => Prisma.sql`${value}::text`;

/**
 * One statement: for each pair, the card (exists, retired, keys), the learner and their settings, and the card's
 * state with its version; and which of `events`' ids the log already holds.
 */
export async function readPairs(
  client: TransactionClient,
  pairs: readonly Pair[],
  events: readonly { clientEventId: string; userId: string }[],
): Promise<PairRow[]> {
  const pairValues = Prisma.join(pairs.map((p) => Prisma.sql`(${text(p.userId)}, ${text(p.cardId)})`));
  const eventValues = Prisma.join(events.map((e) => Prisma.sql`(${e.clientEventId}::uuid, ${text(e.userId)})`));
  return client.$queryRaw<PairRow[]>`
    SELECT p."userId", p."cardId", (c."id" IS NOT NULL) AS "cardExists", c."key" AS "cardKey", co."key" AS "conceptKey",
           (c."retiredAt" IS NOT NULL OR co."retiredAt" IS NOT NULL) AS "retired",
           (u."id" IS NOT NULL) AS "userExists",
           (us."userId" IS NOT NULL) AS "hasSettings",
           us."desiredRetention", us."newPerDay", us."maxReviewsPerDay", us."learningSteps" AS "settingsLearningSteps",
           us."relearningSteps", us."timezone", us."dayStartHour", us."fsrsWeights", us."paramsFittedAt",
           cs."id" AS "stateId", cs."state"::text AS "state", cs."due", cs."stability", cs."difficulty",
           cs."elapsedDays", cs."scheduledDays", cs."learningSteps", cs."reps", cs."lapses", cs."lastReview",
           cs."version", k."seen", k."taken"
    FROM (VALUES ${pairValues}) AS p("userId", "cardId")
    -- One pass of the log's event-id index over this call's ids sorts them into this learner's and others'.
    CROSS JOIN (
      SELECT coalesce(array_agg(e."clientEventId"::text) FILTER (WHERE l."userId" = e."userId"), '{}') AS "seen",
             coalesce(array_agg(e."clientEventId"::text) FILTER (WHERE l."userId" <> e."userId"), '{}') AS "taken"
      FROM (VALUES ${eventValues}) AS e("clientEventId", "userId")
      JOIN "ReviewLog" l ON l."clientEventId" = e."clientEventId"
    ) k
    LEFT JOIN "Card" c ON c."id" = p."cardId"
    LEFT JOIN "Concept" co ON co."id" = c."conceptId"
    LEFT JOIN "User" u ON u."id" = p."userId"
    LEFT JOIN "UserSettings" us ON us."userId" = p."userId"
    LEFT JOIN "CardState" cs ON cs."userId" = p."userId" AND cs."cardId" = p."cardId"`;
}

/**
 * Inside a transaction: puts cards not yet in their learner's collection into it as NEW (due at their first
 * event), in (learner, card) order so that two transactions introducing overlapping cards cannot deadlock on the
 * unique index. Returns the pairs it introduced (a concurrent introduction wins quietly).
 */
export async function introduceStates(
  tx: TransactionClient,
  cards: readonly (Pair & { due: Date })[],
  now: Date,
): Promise<Pair[]> {
  if (cards.length === 0) return [];
  const values = Prisma.join(cards.map((c) => Prisma.sql`(${text(c.userId)}, ${text(c.cardId)}, ${c.due}::timestamp(3))`));
  return tx.$queryRaw<Pair[]>`
    INSERT INTO "CardState" ("id", "userId", "cardId", "due", "introducedAt", "updatedAt")
    SELECT gen_random_uuid()::text, v."userId", v."cardId", v."due", ${now}::timestamp(3), ${now}::timestamp(3)
    FROM (VALUES ${values}) AS v("userId", "cardId", "due")
    ORDER BY v."userId", v."cardId"
    ON CONFLICT ("userId", "cardId") DO NOTHING
    RETURNING "userId", "cardId"`;
}

/**
 * Inside a transaction: locks these pairs' CardState rows until it ends, in (learner, card) order so that two
 * transactions locking overlapping sets cannot deadlock. A concurrent write of the same card waits here.
 */
export async function lockStates(tx: TransactionClient, pairs: readonly Pair[]): Promise<void> {
  const values = Prisma.join(pairs.map((p) => Prisma.sql`(${text(p.userId)}, ${text(p.cardId)})`));
  await tx.$queryRaw`
    SELECT cs."id"
    FROM "CardState" cs
    JOIN (VALUES ${values}) AS p("userId", "cardId") ON cs."userId" = p."userId" AND cs."cardId" = p."cardId"
    ORDER BY cs."userId", cs."cardId"
    FOR UPDATE OF cs`;
}

/** One ReviewLog row as the writer appends it (its id and createdAt come from the database). */
export interface LogRow {
  kind: "GRADE" | "UNDO";
  cancelsId: string | null;
  clientEventId: string;
  userId: string;
  cardId: string;
  rating: Rating;
  source: ReviewSource;
  reviewedAt: Date;
  durationMs: number | null;
  stateBefore: CardStateName;
  dueBefore: Date;
  stabilityBefore: number;
  difficultyBefore: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  dueAfter: Date;
  stabilityAfter: number;
  difficultyAfter: number;
  quizAttemptId: string | null;
  labRunId: string | null;
}

/** The ReviewLog columns the writer fills, each with its SQL type: the one column list. */
const LOG_COLUMNS: { readonly [K in keyof LogRow]-?: string } = {
  kind: '"ReviewLogKind"',
  cancelsId: "text",
  clientEventId: "uuid",
  userId: "text",
  cardId: "text",
  rating: "integer",
  source: '"ReviewSource"',
  reviewedAt: "timestamp(3)",
  durationMs: "integer",
  stateBefore: '"MemoryStateName"',
  dueBefore: "timestamp(3)",
  stabilityBefore: "double precision",
  difficultyBefore: "double precision",
  elapsedDays: "integer",
  lastElapsedDays: "integer",
  scheduledDays: "integer",
  learningSteps: "integer",
  dueAfter: "timestamp(3)",
  stabilityAfter: "double precision",
  difficultyAfter: "double precision",
  quizAttemptId: "text",
  labRunId: "text",
};
const LOG_KEYS = Object.keys(LOG_COLUMNS) as (keyof LogRow)[];
const LOG_COLUMN_LIST = Prisma.raw(LOG_KEYS.map((k) => `"${k}"`).join(", "));

/** The memory columns of CardState, each with its SQL type: the other column list. */
const MEMORY_COLUMNS: { readonly [K in keyof MemoryState]-?: string } = {
  state: '"MemoryStateName"',
  due: "timestamp(3)",
  stability: "double precision",
  difficulty: "double precision",
  elapsedDays: "integer",
  scheduledDays: "integer",
  learningSteps: "integer",
  reps: "integer",
  lapses: "integer",
  lastReview: "timestamp(3)",
};
const MEMORY_KEYS = Object.keys(MEMORY_COLUMNS) as (keyof MemoryState)[];
const MEMORY_COLUMN_LIST = Prisma.raw(MEMORY_KEYS.map((k) => `"${k}"`).join(", "));

function typed<T extends object>(row: T, keys: readonly (keyof T)[], types: { readonly [K in keyof T]-?: string }): Prisma.Sql {
  return Prisma.join(keys.map((k) => Prisma.sql`${row[k] as unknown}::${Prisma.raw(types[k])}`));
}

/** A state write: an existing row (only if its version is still `version`) or a card entering the collection. */
export type StateWrite =
  | { kind: "update"; stateId: string; version: number; memory: MemoryState }
  | { kind: "insert"; userId: string; cardId: string; memory: MemoryState };

/**
 * One statement: writes every state (an update only where the row's version is still the one read; an insert
 * only where no row has appeared meanwhile) and appends the log rows only if every state was written, so a
 * concurrent write of one of these cards makes the whole statement write nothing. A log's event id taken
 * meanwhile fails the statement (unique index), state writes included.
 *
 * @returns the new log ids by event id, or null when a state had changed since it was read
 */
export async function writeEvents(
  client: TransactionClient,
  states: readonly StateWrite[],
  logs: readonly LogRow[],
  now: Date,
): Promise<Map<string, string> | null> {
  const updates = states.filter((s) => s.kind === "update");
  const inserts = states.filter((s) => s.kind === "insert");
  const at = Prisma.sql`${now}::timestamp(3)`;
  const ctes: Prisma.Sql[] = [];
  const counts: Prisma.Sql[] = [Prisma.sql`0`];
  if (updates.length > 0) {
    const rows = updates.map((u) => Prisma.sql`(${text(u.stateId)}, ${u.version}::integer, ${typed(u.memory, MEMORY_KEYS, MEMORY_COLUMNS)})`);
    const fromV = Prisma.raw(MEMORY_KEYS.map((k) => `v."${k}"`).join(", "));
    ctes.push(Prisma.sql`"updated" AS (
      UPDATE "CardState" cs SET (${MEMORY_COLUMN_LIST}, "version", "updatedAt") = (${fromV}, cs."version" + 1, ${at})
      FROM (VALUES ${Prisma.join(rows)}) AS v("id", "version", ${MEMORY_COLUMN_LIST})
      WHERE cs."id" = v."id" AND cs."version" = v."version"
      RETURNING 1)`);
    counts.push(Prisma.sql`(SELECT count(*) FROM "updated")`);
  }
  if (inserts.length > 0) {
    const rows = inserts.map(
      (i) => Prisma.sql`(gen_random_uuid()::text, ${text(i.userId)}, ${text(i.cardId)}, ${typed(i.memory, MEMORY_KEYS, MEMORY_COLUMNS)}, 1, ${at}, ${at})`,
    );
    ctes.push(Prisma.sql`"inserted" AS (
      INSERT INTO "CardState" ("id", "userId", "cardId", ${MEMORY_COLUMN_LIST}, "version", "introducedAt", "updatedAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("userId", "cardId") DO NOTHING
      RETURNING 1)`);
    counts.push(Prisma.sql`(SELECT count(*) FROM "inserted")`);
  }
  const stateCtes = ctes.length > 0 ? Prisma.sql`${Prisma.join(ctes, ", ")}, ` : Prisma.empty;
  const logRows = logs.map((l) => Prisma.sql`(${typed(l, LOG_KEYS, LOG_COLUMNS)})`);
  const written = await client.$queryRaw<{ id: string; clientEventId: string }[]>`
    WITH ${stateCtes}"log" AS (
      INSERT INTO "ReviewLog" ("id", ${LOG_COLUMN_LIST})
      SELECT gen_random_uuid()::text, l.* FROM (VALUES ${Prisma.join(logRows)}) AS l(${LOG_COLUMN_LIST})
      WHERE ${Prisma.join(counts, " + ")} = ${states.length}::bigint
      RETURNING "id", "clientEventId"::text AS "clientEventId"
    )
    SELECT "id", "clientEventId" FROM "log"`;
  if (written.length === 0) return null;
  if (written.length !== logs.length) throw new Error(`The log write returned ${written.length} rows for ${logs.length} events`);
  return new Map(written.map((w) => [w.clientEventId, w.id]));
}
