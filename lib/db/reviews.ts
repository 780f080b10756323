import "server-only";

import { NotFoundError, ConflictError, ValidationError } from "@/lib/errors";
import {
  isRating,
  newMemoryState,
  schedule,
  type CardStateName,
  type MemoryState,
  type Rating,
  type ReviewSource,
  type SchedulerSettings,
} from "@/lib/srs";

import { db } from "./client";
import { Prisma } from "./generated/client";
import { memoryFromRow, type MemoryRow } from "./memory-row";
import { isUniqueViolation } from "./prisma-errors";
import { settingsSelect, toSchedulerSettings, DEFAULT_SETTINGS_ROW } from "./settings";

/** A Prisma client inside an interactive transaction. */
export type TransactionClient = Prisma.TransactionClient;

/** One grade of one card by one learner, from any source. The only input that changes memory state. */
export interface ReviewEvent {
  userId: string;
  cardId: string;
  rating: Rating;
  source: ReviewSource;
  reviewedAt: Date;
  /** A UUID made by the client: the same id twice is the same event (a retry), applied once. */
  clientEventId: string;
  durationMs?: number | null;
  quizAttemptId?: string | null;
  labRunId?: string | null;
}

/** What one event did to its card. */
export interface ReviewOutcome {
  logId: string;
  cardId: string;
  cardKey: string;
  conceptKey: string;
  rating: Rating;
  source: ReviewSource;
  stateBefore: CardStateName;
  stateAfter: CardStateName;
  /** null: the card was not in the learner's collection; this event introduced it. */
  dueBefore: Date | null;
  dueAfter: Date;
  /** True when the event id had been recorded before: this is the first outcome, and nothing was written. */
  duplicate: boolean;
}

export interface RecordOptions {
  now: Date;
  /** Run inside the caller's transaction (e.g. a quiz submission that writes its own rows too). */
  tx?: TransactionClient;
}

/** How far in the future a review may be dated (clock skew between a device and the server). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/**
 * A review dated at most this long before the card's last review is taken as a concurrent grade (two tabs, two
 * devices with slightly different clocks) and applied just after it; an earlier one is refused.
 */
export const CONCURRENT_GRADE_TOLERANCE_MS = 1_000;
const MAX_DURATION_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOURCES: readonly ReviewSource[] = ["REVIEW", "QUIZ", "LAB"];
// Seed history replays hundreds of events in one call; the defaults (2 s wait, 5 s run) are for web requests.
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Checks one event's shape before anything touches the database, and normalizes its id.
 * @throws ValidationError naming the field
 */
function validateEvent(event: ReviewEvent, now: Date): ReviewEvent {
  const fail = (field: string, message: string): never => {
    throw new ValidationError(message, { [field]: [message] });
  };
  if (typeof event.userId !== "string" || event.userId.length === 0) fail("userId", "A review needs a learner.");
  if (typeof event.cardId !== "string" || event.cardId.length === 0) fail("cardId", "A review needs a card id.");
  if (!isRating(event.rating)) {
    fail("rating", "A rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).");
  }
  if (!SOURCES.includes(event.source)) fail("source", "A review's source must be REVIEW, QUIZ or LAB.");
  if (typeof event.clientEventId !== "string" || !UUID.test(event.clientEventId)) {
    fail("clientEventId", "Each review needs an event id that is a UUID (e.g. from crypto.randomUUID()).");
  }
  if (!(event.reviewedAt instanceof Date) || Number.isNaN(event.reviewedAt.getTime())) {
    fail("reviewedAt", "The review time is not a valid date.");
  }
  if (event.reviewedAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) {
    fail("reviewedAt", "The review time is in the future. Check your device's clock and try again.");
  }
  const duration = event.durationMs ?? null;
  if (duration !== null && (!Number.isInteger(duration) || duration < 0 || duration > MAX_DURATION_MS)) {
    fail("durationMs", "The answer time must be a whole number of milliseconds between 0 and one day.");
  }
  return { ...event, clientEventId: event.clientEventId.toLowerCase(), durationMs: duration };
}

/**
 * When a review of a card in state `before` is applied: at `reviewedAt`, or just after the card's last review
 * when it is dated a moment before it (another tab). Keeps each card's logs strictly ordered by reviewedAt,
 * so replaying them needs no tie-break.
 * @throws ValidationError when it is dated more than CONCURRENT_GRADE_TOLERANCE_MS before the last review
 */
function reviewTime(before: MemoryState, reviewedAt: Date): Date {
  if (before.lastReview === null || reviewedAt.getTime() > before.lastReview.getTime()) return reviewedAt;
  if (before.lastReview.getTime() - reviewedAt.getTime() > CONCURRENT_GRADE_TOLERANCE_MS) {
    throw new ValidationError(
      "This review is dated before the card's last review. Reload the page to see the card's current state.",
      { reviewedAt: ["Dated before the card's last review."] },
    );
  }
  return new Date(before.lastReview.getTime() + 1);
}

const logOutcomeSelect = {
  id: true,
  clientEventId: true,
  userId: true,
  cardId: true,
  rating: true,
  source: true,
  reviewedAt: true,
  stateBefore: true,
  dueBefore: true,
  dueAfter: true,
  card: { select: { key: true, concept: { select: { key: true } } } },
} as const;

/**
 * First outcomes of already recorded event ids. `stateAfter` is not stored on the log: it is the state the
 * card had before its next review, or its current state when this was its latest review.
 */
async function recordedOutcomes(
  tx: TransactionClient,
  events: readonly ReviewEvent[],
): Promise<Map<string, ReviewOutcome>> {
  const ids = [...new Set(events.map((e) => e.clientEventId))];
  const out = new Map<string, ReviewOutcome>();
  if (ids.length === 0) return out;
  const logs = await tx.reviewLog.findMany({ where: { clientEventId: { in: ids } }, select: logOutcomeSelect });
  for (const log of logs) {
    const owner = events.find((e) => e.clientEventId === log.clientEventId);
    if (owner && owner.userId !== log.userId) {
      // Never reveal another learner's review; the id is simply taken.
      throw new ConflictError("This event id was already used. Make a new id for a new review.", {
        clientEventId: ["This event id was already used."],
      });
    }
    const next = await tx.reviewLog.findFirst({
      where: { userId: log.userId, cardId: log.cardId, reviewedAt: { gt: log.reviewedAt } },
      orderBy: { reviewedAt: "asc" },
      select: { stateBefore: true },
    });
    const current = next
      ? null
      : await tx.cardState.findUnique({
          where: { userId_cardId: { userId: log.userId, cardId: log.cardId } },
          select: { state: true },
        });
    out.set(log.clientEventId, {
      logId: log.id,
      cardId: log.cardId,
      cardKey: log.card.key,
      conceptKey: log.card.concept.key,
      rating: log.rating as Rating,
      source: log.source,
      stateBefore: log.stateBefore,
      stateAfter: next?.stateBefore ?? current?.state ?? log.stateBefore,
      // An introduced card's NEW state is due at the moment of the review that introduced it.
      dueBefore: log.stateBefore === "NEW" && log.dueBefore.getTime() === log.reviewedAt.getTime() ? null : log.dueBefore,
      dueAfter: log.dueAfter,
      duplicate: true,
    });
  }
  return out;
}

interface LockedRow extends MemoryRow {
  id: string;
  cardId: string;
}

/**
 * Locks a learner's CardState rows for these cards until the transaction ends, in card-id order so that two
 * transactions locking overlapping sets cannot deadlock. A concurrent grade of the same card waits here and
 * then reads the state the first one committed.
 */
export async function lockCardStates(
  tx: TransactionClient,
  userId: string,
  cardIds: readonly string[],
): Promise<Map<string, { id: string; memory: MemoryState }>> {
  const rows = await tx.$queryRaw<LockedRow[]>`
    SELECT "id", "cardId", "state"::text AS "state", "due", "stability", "difficulty", "elapsedDays",
           "scheduledDays", "learningSteps", "reps", "lapses", "lastReview"
    FROM "CardState"
    WHERE "userId" = ${userId} AND "cardId" = ANY(${[...cardIds]}::text[])
    ORDER BY "cardId"
    FOR UPDATE`;
  return new Map(rows.map((row) => [row.cardId, { id: row.id, memory: memoryFromRow(row) }]));
}

/** The memory fields of a CardState row, from a memory state. */
export function memoryColumns(memory: MemoryState) {
  return {
    state: memory.state,
    due: memory.due,
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsedDays: memory.elapsedDays,
    scheduledDays: memory.scheduledDays,
    learningSteps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    lastReview: memory.lastReview,
  };
}

async function applyEvents(tx: TransactionClient, events: readonly ReviewEvent[], now: Date): Promise<ReviewOutcome[]> {
  const outcomes: (ReviewOutcome | null)[] = events.map(() => null);
  const known = await recordedOutcomes(tx, events);

  // Events not yet recorded; a repeated id within the batch is applied once.
  const seen = new Set<string>(known.keys());
  const fresh: number[] = [];
  events.forEach((event, i) => {
    if (seen.has(event.clientEventId)) return;
    seen.add(event.clientEventId);
    fresh.push(i);
  });

  if (fresh.length > 0) {
    const freshEvents = fresh.map((i) => events[i] as ReviewEvent);
    const cardIds = [...new Set(freshEvents.map((e) => e.cardId))];
    const cards = await tx.card.findMany({
      where: { id: { in: cardIds } },
      select: { id: true, key: true, retiredAt: true, concept: { select: { key: true, retiredAt: true } } },
    });
    const cardById = new Map(cards.map((c) => [c.id, c]));
    for (const id of cardIds) {
      const card = cardById.get(id);
      if (!card) throw new NotFoundError("That card does not exist. Reload the page to get the current cards.");
      if (card.retiredAt !== null || card.concept.retiredAt !== null) {
        throw new ConflictError(`The card "${card.key}" has been retired from the course and can no longer be reviewed.`);
      }
    }

    const userIds = [...new Set(freshEvents.map((e) => e.userId))].sort();
    const users = await tx.user.findMany({
      where: { id: { in: userIds } },
      select: { id: true, settings: { select: settingsSelect } },
    });
    const settingsByUser = new Map<string, SchedulerSettings>(
      users.map((u) => [u.id, toSchedulerSettings(u.settings ?? DEFAULT_SETTINGS_ROW)]),
    );

    const memory = new Map<string, { rowId: string; state: MemoryState; introduced: boolean; touched: boolean }>();
    const key = (userId: string, cardId: string) => `${userId}\u0000${cardId}`;
    for (const userId of userIds) {
      if (!settingsByUser.has(userId)) throw new NotFoundError("That learner does not exist.");
      const firstAt = new Map<string, Date>();
      for (const e of freshEvents) if (e.userId === userId && !firstAt.has(e.cardId)) firstAt.set(e.cardId, e.reviewedAt);
      const ids = [...firstAt.keys()].sort();
      // Cards not in the collection yet enter it as NEW, due at their first review. Sorted inserts keep two
      // transactions that introduce overlapping cards from deadlocking on the unique index.
      const created = await tx.cardState.createManyAndReturn({
        data: ids.map((cardId) => ({ userId, cardId, due: firstAt.get(cardId) ?? now, introducedAt: now })),
        skipDuplicates: true,
        select: { cardId: true },
      });
      const introduced = new Set(created.map((c) => c.cardId));
      const locked = await lockCardStates(tx, userId, ids);
      for (const cardId of ids) {
        const row = locked.get(cardId);
        if (!row) throw new Error(`CardState for ${cardId} vanished inside its transaction`);
        memory.set(key(userId, cardId), { rowId: row.id, state: row.memory, introduced: introduced.has(cardId), touched: false });
      }
    }

    // A concurrent request with one of these ids may have committed while this one waited for the locks.
    const late = await recordedOutcomes(tx, freshEvents);
    for (const [id, outcome] of late) known.set(id, outcome);

    const logs: Prisma.ReviewLogCreateManyInput[] = [];
    const pending: { index: number; outcome: Omit<ReviewOutcome, "logId">; clientEventId: string }[] = [];
    for (const i of fresh) {
      const event = events[i] as ReviewEvent;
      if (known.has(event.clientEventId)) continue;
      const entry = memory.get(key(event.userId, event.cardId));
      const settings = settingsByUser.get(event.userId);
      if (!entry || !settings) throw new Error("unreachable: every fresh event's card was locked");
      const card = cardById.get(event.cardId);
      if (!card) throw new Error("unreachable: every fresh event's card was loaded");

      const before = entry.state;
      const at = reviewTime(before, event.reviewedAt);
      const wasIntroduced = entry.introduced && !entry.touched;
      const { next, log } = schedule(before, event.rating, at, settings);
      entry.state = next;
      entry.touched = true;
      logs.push({
        clientEventId: event.clientEventId,
        userId: event.userId,
        cardId: event.cardId,
        rating: event.rating,
        source: event.source,
        reviewedAt: at,
        durationMs: event.durationMs ?? null,
        stateBefore: log.state,
        dueBefore: log.due,
        stabilityBefore: log.stability,
        difficultyBefore: log.difficulty,
        elapsedDays: log.elapsedDays,
        lastElapsedDays: log.lastElapsedDays,
        scheduledDays: log.scheduledDays,
        learningSteps: log.learningSteps,
        dueAfter: next.due,
        stabilityAfter: next.stability,
        difficultyAfter: next.difficulty,
        quizAttemptId: event.quizAttemptId ?? null,
        labRunId: event.labRunId ?? null,
      });
      pending.push({
        index: i,
        clientEventId: event.clientEventId,
        outcome: {
          cardId: event.cardId,
          cardKey: card.key,
          conceptKey: card.concept.key,
          rating: event.rating,
          source: event.source,
          stateBefore: before.state,
          stateAfter: next.state,
          dueBefore: wasIntroduced ? null : before.due,
          dueAfter: next.due,
          duplicate: false,
        },
      });
    }

    if (logs.length > 0) {
      const created = await tx.reviewLog.createManyAndReturn({ data: logs, select: { id: true, clientEventId: true } });
      const idByEvent = new Map(created.map((c) => [c.clientEventId, c.id]));
      for (const p of pending) {
        const logId = idByEvent.get(p.clientEventId);
        if (!logId) throw new Error("A review log was not returned by its insert");
        outcomes[p.index] = { logId, ...p.outcome };
      }
      for (const entry of memory.values()) {
        if (!entry.touched) continue;
        await tx.cardState.update({
          where: { id: entry.rowId },
          data: { ...memoryColumns(entry.state), version: { increment: 1 } },
        });
      }
    }
  }

  // Repeats (earlier requests, or the same id twice in this batch) report the first outcome.
  const firstById = new Map<string, ReviewOutcome>(known);
  outcomes.forEach((o, i) => {
    const id = (events[i] as ReviewEvent).clientEventId;
    if (o && !firstById.has(id)) firstById.set(id, o);
  });
  return events.map((event, i) => {
    const own = outcomes[i];
    if (own) return own;
    const first = firstById.get(event.clientEventId);
    if (!first) throw new Error("unreachable: every event has an outcome");
    return { ...first, duplicate: true };
  });
}

interface OneRow extends Partial<LockedRow> {
  cardKey: string;
  conceptKey: string;
  retired: boolean;
  userExists: boolean;
  eventSeen: boolean;
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
  version: number | null;
}

/** How often the one-event path reads again after a concurrent grade of the same card got in first. */
const ONE_EVENT_ATTEMPTS = 3;

function oneRowSettings(row: OneRow): SchedulerSettings {
  return toSchedulerSettings(
    row.hasSettings
      ? {
          desiredRetention: Number(row.desiredRetention),
          newPerDay: Number(row.newPerDay),
          maxReviewsPerDay: Number(row.maxReviewsPerDay),
          learningSteps: row.settingsLearningSteps ?? [],
          relearningSteps: row.relearningSteps ?? [],
          timezone: row.timezone ?? "UTC",
          dayStartHour: Number(row.dayStartHour),
          fsrsWeights: (row.fsrsWeights ?? []).map(Number),
          paramsFittedAt: row.paramsFittedAt,
        }
      : DEFAULT_SETTINGS_ROW,
  );
}

/**
 * One new event without a transaction, in two statements (the review screen's grade): one read of the card,
 * the learner, their settings, the card's state and whether the event id is taken; then one statement that
 * writes the state only if its `version` is still the one read (or, for a card entering the collection, only
 * if no row appeared meanwhile) and appends the log only if the state was written. A concurrent grade of the
 * same card makes the write match nothing, and the event is read and scheduled again on the new state, so
 * both grades are kept in order. Anything out of the ordinary (an unknown or retired card, an unknown
 * learner, a repeated id, a write that keeps losing) returns null, and the general path answers with its
 * errors, locks and first outcomes.
 */
async function recordOne(event: ReviewEvent, now: Date): Promise<ReviewOutcome | null> {
  const { userId, cardId } = event;
  for (let attempt = 0; attempt < ONE_EVENT_ATTEMPTS; attempt++) {
    const [row] = await db().$queryRaw<OneRow[]>`
      SELECT c."key" AS "cardKey", co."key" AS "conceptKey",
             (c."retiredAt" IS NOT NULL OR co."retiredAt" IS NOT NULL) AS "retired",
             (u."id" IS NOT NULL) AS "userExists",
             EXISTS (SELECT 1 FROM "ReviewLog" WHERE "clientEventId" = ${event.clientEventId}::uuid) AS "eventSeen",
             (us."userId" IS NOT NULL) AS "hasSettings",
             us."desiredRetention", us."newPerDay", us."maxReviewsPerDay", us."learningSteps" AS "settingsLearningSteps",
             us."relearningSteps", us."timezone", us."dayStartHour", us."fsrsWeights", us."paramsFittedAt",
             cs."id", cs."cardId", cs."state"::text AS "state", cs."due", cs."stability", cs."difficulty",
             cs."elapsedDays", cs."scheduledDays", cs."learningSteps", cs."reps", cs."lapses", cs."lastReview",
             cs."version"
      FROM "Card" c
      JOIN "Concept" co ON co."id" = c."conceptId"
      LEFT JOIN "User" u ON u."id" = ${userId}
      LEFT JOIN "UserSettings" us ON us."userId" = ${userId}
      LEFT JOIN "CardState" cs ON cs."userId" = ${userId} AND cs."cardId" = c."id"
      WHERE c."id" = ${cardId}`;
    if (!row || row.retired || !row.userExists || row.eventSeen) return null;
    const settings = oneRowSettings(row);
    const stored = row.id ? (row as LockedRow) : null;
    // A card not in the collection yet enters it as NEW, due at its first review.
    const before = stored ? memoryFromRow(stored) : newMemoryState(event.reviewedAt);
    const at = reviewTime(before, event.reviewedAt);
    const { next, log } = schedule(before, event.rating, at, settings);
    const memory = Prisma.sql`${next.state}::"MemoryStateName", ${next.due}, ${next.stability}, ${next.difficulty},
      ${next.elapsedDays}, ${next.scheduledDays}, ${next.learningSteps}, ${next.reps}, ${next.lapses}, ${next.lastReview}`;
    const writeState = stored
      ? Prisma.sql`UPDATE "CardState" SET ("state", "due", "stability", "difficulty", "elapsedDays", "scheduledDays",
            "learningSteps", "reps", "lapses", "lastReview", "version", "updatedAt") = (${memory}, "version" + 1, ${now})
          WHERE "id" = ${stored.id} AND "version" = ${Number(row.version)}
          RETURNING 1`
      : Prisma.sql`INSERT INTO "CardState" ("id", "userId", "cardId", "state", "due", "stability", "difficulty",
            "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "lastReview", "version", "introducedAt",
            "updatedAt")
          VALUES (gen_random_uuid()::text, ${userId}, ${cardId}, ${memory}, 1, ${now}, ${now})
          ON CONFLICT ("userId", "cardId") DO NOTHING
          RETURNING 1`;
    let written: { id: string }[];
    try {
      // One statement: the log goes in only when the state was written (a sibling CTE sees its RETURNING), and
      // an event id taken meanwhile fails the whole statement, state write included.
      written = await db().$queryRaw<{ id: string }[]>`
        WITH state AS (${writeState}), log AS (
          INSERT INTO "ReviewLog" ("id", "clientEventId", "userId", "cardId", "rating", "source", "reviewedAt",
            "durationMs", "stateBefore", "dueBefore", "stabilityBefore", "difficultyBefore", "elapsedDays",
            "lastElapsedDays", "scheduledDays", "learningSteps", "dueAfter", "stabilityAfter", "difficultyAfter",
            "quizAttemptId", "labRunId")
          SELECT gen_random_uuid()::text, ${event.clientEventId}::uuid, ${userId}, ${cardId}, ${event.rating},
            ${event.source}::"ReviewSource", ${at}, ${event.durationMs ?? null}, ${log.state}::"MemoryStateName",
            ${log.due}, ${log.stability}, ${log.difficulty}, ${log.elapsedDays}, ${log.lastElapsedDays},
            ${log.scheduledDays}, ${log.learningSteps}, ${next.due}, ${next.stability}, ${next.difficulty},
            ${event.quizAttemptId ?? null}, ${event.labRunId ?? null}
          WHERE EXISTS (SELECT 1 FROM state)
          RETURNING "id"
        )
        SELECT "id" FROM log`;
    } catch (error) {
      // The same event id arrived by another request: the general path reports its first outcome.
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    const logId = written[0]?.id;
    // Another grade of this card was written since the read: read it and schedule this one after it.
    if (!logId) continue;
    return {
      logId,
      cardId,
      cardKey: row.cardKey,
      conceptKey: row.conceptKey,
      rating: event.rating,
      source: event.source,
      stateBefore: before.state,
      stateAfter: next.state,
      dueBefore: stored ? before.due : null,
      dueAfter: next.due,
      duplicate: false,
    };
  }
  return null;
}

function isEventIdConflict(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  const target = JSON.stringify(error.meta ?? {});
  return target.includes("clientEventId") || target === "{}";
}

/**
 * Records grades: one transaction; events applied in order; a card not yet in the learner's collection is
 * introduced (as NEW, then graded). For each event the learner's CardState row is locked (`FOR UPDATE`), the
 * card is scheduled with the learner's settings, a ReviewLog row is appended and CardState updated (version
 * bumped). A repeated `clientEventId` writes nothing and returns the first outcome with `duplicate: true`.
 *
 * Nothing is written when any event is refused.
 * @throws ValidationError bad rating, event id, date (future, or before the card's last review), duration
 * @throws NotFoundError unknown card or learner
 * @throws ConflictError a retired card; an event id already used by another learner
 */
export async function recordReviews(events: ReviewEvent[], opts: RecordOptions): Promise<ReviewOutcome[]> {
  if (events.length === 0) return [];
  const checked = events.map((e) => validateEvent(e, opts.now));
  if (opts.tx) return applyEvents(opts.tx, checked, opts.now);
  const [only] = checked;
  if (only && checked.length === 1) {
    const outcome = await recordOne(only, opts.now);
    if (outcome) return [outcome];
  }
  const run = () => db().$transaction((tx) => applyEvents(tx, checked, opts.now), TX_OPTIONS);
  try {
    return await run();
  } catch (error) {
    // Two requests with the same new event id for different cards both passed the lookup; the loser's insert
    // hit the unique index. Running again finds the winner's log and reports it as a duplicate.
    if (isEventIdConflict(error)) return run();
    throw error;
  }
}

/** One event: see `recordReviews`. */
export async function recordReview(event: ReviewEvent, opts: RecordOptions): Promise<ReviewOutcome> {
  const [outcome] = await recordReviews([event], opts);
  if (!outcome) throw new Error("recordReviews returned no outcome for one event");
  return outcome;
}
