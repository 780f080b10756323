import "server-only";

import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { newMemoryState, schedule, type MemoryState, type Rating, type SchedulerSettings } from "@/lib/srs";

import { db } from "./client";
import { Prisma } from "./generated/client";
import { memoryFromRow, type MemoryRow } from "./memory-row";
import { isUniqueViolation } from "./prisma-errors";
import {
  checkEvent,
  isUndo,
  type CheckedEvent,
  type CheckedUndo,
  type LogEvent,
  type ReviewOutcome,
  type TransactionClient,
} from "./review-events";
import { liveGradeWhere } from "./review-log";
import {
  introduceStates,
  lockStates,
  readPairs,
  reviewTime,
  writeEvents,
  type LogRow,
  type Pair,
  type PairRow,
  type StateWrite,
} from "./review-write";
import { DEFAULT_SETTINGS_ROW, toSchedulerSettings } from "./settings";

export type { LogEvent, ReviewEvent, ReviewOutcome, TransactionClient, UndoEvent } from "./review-events";
export { MAX_FUTURE_SKEW_MS, reviewEventSchema } from "./review-events";
export { CONCURRENT_GRADE_TOLERANCE_MS } from "./review-write";

export interface RecordOptions {
  now: Date;
  /** Run inside the caller's transaction (e.g. a quiz submission that writes its own rows too). */
  tx?: TransactionClient;
}

// Seed history replays hundreds of events in one call; the defaults (2 s wait, 5 s run) are for web requests.
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;
/** How often the optimistic path reads again after a concurrent write of the same card got in first. */
const OPTIMISTIC_ATTEMPTS = 3;

const undoTargetSelect = {
  id: true,
  kind: true,
  userId: true,
  cardId: true,
  rating: true,
  source: true,
  reviewedAt: true,
  stateBefore: true,
  dueBefore: true,
  stabilityBefore: true,
  difficultyBefore: true,
  lastElapsedDays: true,
  scheduledDays: true,
  learningSteps: true,
  quizAttemptId: true,
  labRunId: true,
} as const;
type UndoTarget = Prisma.ReviewLogGetPayload<{ select: typeof undoTargetSelect }>;

/** One event of a call, with the (learner, card) pair it touches. */
interface Item {
  event: CheckedEvent;
  pair: Pair;
  /** For an undo: the grade it cancels (its columns never change, so it is read once). */
  target: UndoTarget | null;
}

const pairKey = (p: Pair) => `${p.userId}\u0000${p.cardId}`;

function uniquePairs(items: readonly Item[], indexes: readonly number[]): Pair[] {
  const out = new Map<string, Pair>();
  for (const i of indexes) {
    const { pair } = items[i] as Item;
    out.set(pairKey(pair), pair);
  }
  return [...out.values()].sort((a, b) => (a.userId === b.userId ? cmp(a.cardId, b.cardId) : cmp(a.userId, b.userId)));
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The pairs of a call's events: a grade's own, an undo's from the grade it names (read here). */
async function itemsOf(client: TransactionClient, events: readonly CheckedEvent[]): Promise<Item[]> {
  return Promise.all(
    events.map(async (event): Promise<Item> => {
      if (!isUndo(event)) return { event, pair: { userId: event.userId, cardId: event.cardId }, target: null };
      const target = await client.reviewLog.findUnique({ where: { id: event.cancels }, select: undoTargetSelect });
      if (!target || target.userId !== event.userId) throw new NotFoundError("That grade was not found.");
      return { event, pair: { userId: target.userId, cardId: target.cardId }, target };
    }),
  );
}

function settingsOf(row: PairRow): SchedulerSettings {
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

async function read(client: TransactionClient, items: readonly Item[]): Promise<Map<string, PairRow>> {
  const all = items.map((_, i) => i);
  const rows = await readPairs(
    client,
    uniquePairs(items, all),
    items.map((item) => ({ clientEventId: item.event.clientEventId, userId: item.event.userId })),
  );
  return new Map(rows.map((row) => [pairKey(row), row]));
}

const outcomeSelect = {
  id: true,
  kind: true,
  cancelsId: true,
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
  cancels: { select: { stateBefore: true } },
  cancelledBy: { select: { stateBefore: true } },
} as const;

/**
 * First outcomes of already recorded event ids. `stateAfter` is not stored on a log: for a grade an undo
 * cancelled, it is the state that undo started from; for a standing grade, the state before the next standing
 * grade, or the card's current state; for an undo, the state before the grade it cancelled.
 */
async function recordedOutcomes(
  client: TransactionClient,
  items: readonly Item[],
  ids: readonly string[],
): Promise<Map<string, ReviewOutcome>> {
  const out = new Map<string, ReviewOutcome>();
  if (ids.length === 0) return out;
  const logs = await client.reviewLog.findMany({ where: { clientEventId: { in: [...ids] } }, select: outcomeSelect });
  for (const log of logs) {
    const owner = items.find((item) => item.event.clientEventId === log.clientEventId);
    if (owner && (owner.event.userId !== log.userId || (owner.event.kind ?? "GRADE") !== log.kind)) {
      // Never reveal another learner's review; the id is simply taken.
      throw new ConflictError("This event id was already used. Make a new id for a new review.", {
        clientEventId: ["This event id was already used."],
      });
    }
    let stateAfter = log.cancels?.stateBefore ?? log.cancelledBy?.stateBefore;
    if (!stateAfter) {
      const next = await client.reviewLog.findFirst({
        where: { userId: log.userId, cardId: log.cardId, reviewedAt: { gt: log.reviewedAt }, ...liveGradeWhere },
        orderBy: { reviewedAt: "asc" },
        select: { stateBefore: true },
      });
      const current = next
        ? null
        : await client.cardState.findUnique({
            where: { userId_cardId: { userId: log.userId, cardId: log.cardId } },
            select: { state: true },
          });
      stateAfter = next?.stateBefore ?? current?.state ?? log.stateBefore;
    }
    // An introduced card's NEW state is due at the moment of the grade that introduced it.
    const introduced = log.kind === "GRADE" && log.stateBefore === "NEW" && log.dueBefore.getTime() === log.reviewedAt.getTime();
    out.set(log.clientEventId, {
      logId: log.id,
      kind: log.kind,
      cancels: log.cancelsId,
      cardId: log.cardId,
      cardKey: log.card.key,
      conceptKey: log.card.concept.key,
      rating: log.rating as Rating,
      source: log.source,
      stateBefore: log.stateBefore,
      stateAfter,
      dueBefore: introduced ? null : log.dueBefore,
      dueAfter: log.dueAfter,
      duplicate: true,
    });
  }
  return out;
}

/**
 * Sorts `candidates` (indexes into `items`) into repeats, whose first outcomes are added to `known`, and fresh
 * events: not yet in the log, and the first of their id in this call.
 * @throws ConflictError for an event id another learner used
 */
async function splitRepeats(
  client: TransactionClient,
  items: readonly Item[],
  candidates: readonly number[],
  rows: ReadonlyMap<string, PairRow>,
  known: Map<string, ReviewOutcome>,
): Promise<number[]> {
  const [any] = rows.values();
  const seen = new Set(any?.seen ?? []);
  const taken = new Set(any?.taken ?? []);
  if (candidates.some((i) => taken.has((items[i] as Item).event.clientEventId))) {
    throw new ConflictError("This event id was already used. Make a new id for a new review.", {
      clientEventId: ["This event id was already used."],
    });
  }
  const repeats = [...new Set(candidates.map((i) => (items[i] as Item).event.clientEventId).filter((id) => seen.has(id) && !known.has(id)))];
  for (const [id, outcome] of await recordedOutcomes(client, items, repeats)) known.set(id, outcome);
  const fresh: number[] = [];
  const ids = new Set<string>(known.keys());
  for (const i of candidates) {
    const id = (items[i] as Item).event.clientEventId;
    if (ids.has(id)) continue;
    ids.add(id);
    fresh.push(i);
  }
  return fresh;
}

/**
 * The fresh events' cards must exist and be live (a grade), and their learners exist.
 * @throws NotFoundError unknown card or learner; ConflictError a retired card
 */
function checkFresh(items: readonly Item[], fresh: readonly number[], rows: ReadonlyMap<string, PairRow>): void {
  const rowOf = (i: number) => rows.get(pairKey((items[i] as Item).pair));
  for (const i of fresh) {
    const row = rowOf(i);
    if (isUndo((items[i] as Item).event)) {
      if (!row?.stateId) throw new NotFoundError("That card is no longer in your collection.");
      continue;
    }
    if (!row?.cardExists) throw new NotFoundError("That card does not exist. Reload the page to get the current cards.");
    if (row.retired) throw new ConflictError(`The card "${row.cardKey}" has been retired from the course and can no longer be reviewed.`);
  }
  for (const i of fresh) if (!rowOf(i)?.userExists) throw new NotFoundError("That learner does not exist.");
}

/** Where an undo's target stands now: whether an undo already cancelled it, and the card's latest standing grades. */
interface UndoStanding {
  cancelled: boolean;
  latestId: string | null;
  /** When the standing grade before the latest was given: the card's last review once the latest is undone. */
  previousAt: Date | null;
}

async function undoStanding(client: TransactionClient, target: UndoTarget): Promise<UndoStanding> {
  const cancelledBy = await client.reviewLog.findUnique({ where: { cancelsId: target.id }, select: { id: true } });
  const latest = await client.reviewLog.findMany({
    where: { userId: target.userId, cardId: target.cardId, ...liveGradeWhere },
    orderBy: { reviewedAt: "desc" },
    take: 2,
    select: { id: true, reviewedAt: true },
  });
  return { cancelled: cancelledBy !== null, latestId: latest[0]?.id ?? null, previousAt: latest[1]?.reviewedAt ?? null };
}

/**
 * The state a card returns to when its latest grade `target` is undone: the memory columns the grade's log kept
 * from before it, one rep fewer, the lapse it counted (Again on a REVIEW card) taken back, and the previous
 * standing grade as the last review. This is what replaying the remaining grades gives.
 */
function restoredState(target: UndoTarget, current: MemoryState, previousAt: Date | null): MemoryState {
  return {
    state: target.stateBefore,
    due: target.dueBefore,
    stability: target.stabilityBefore,
    difficulty: target.difficultyBefore,
    elapsedDays: target.lastElapsedDays,
    scheduledDays: target.scheduledDays,
    learningSteps: target.learningSteps,
    reps: Math.max(0, current.reps - 1),
    lapses: Math.max(0, current.lapses - (target.stateBefore === "REVIEW" && target.rating === 1 ? 1 : 0)),
    lastReview: previousAt,
  };
}

/** @throws ConflictError when this undo cannot apply to `target` as it stands */
function checkUndo(target: UndoTarget, standing: UndoStanding): void {
  if (target.kind === "UNDO") throw new ConflictError("An undo cannot itself be undone. Grade the card again instead.");
  if (target.source !== "REVIEW") throw new ConflictError("Only grades given on the review screen can be undone.");
  if (standing.cancelled) throw new ConflictError("This grade was already undone.");
  if (standing.latestId !== target.id) {
    throw new ConflictError("Only the latest grade of a card can be undone, and this card was graded again since.");
  }
}

interface Plan {
  states: StateWrite[];
  logs: LogRow[];
  /** Outcomes of the fresh events by item index, without their log ids. */
  outcomes: Map<number, Omit<ReviewOutcome, "logId">>;
}

/**
 * Applies the fresh events in order to the states read: a grade through the scheduler (with its learner's
 * settings), an undo by restoring the state before the grade it cancels. A card with no state row enters the
 * collection as NEW, due at its first event.
 */
function plan(
  items: readonly Item[],
  fresh: readonly number[],
  rows: ReadonlyMap<string, PairRow>,
  introduced: (pair: Pair) => boolean,
  standing: UndoStanding | null,
): Plan {
  const entries = new Map<string, { row: PairRow; memory: MemoryState; introduced: boolean; touched: boolean }>();
  const settings = new Map<string, SchedulerSettings>();
  const logs: LogRow[] = [];
  const outcomes = new Map<number, Omit<ReviewOutcome, "logId">>();
  for (const i of fresh) {
    const { event, pair, target } = items[i] as Item;
    const key = pairKey(pair);
    const row = rows.get(key);
    if (!row) throw new Error("unreachable: every fresh event's pair was read");
    let entry = entries.get(key);
    if (!entry) {
      const memory = row.stateId ? memoryFromRow(row as MemoryRow) : newMemoryState(event.reviewedAt);
      entry = { row, memory, introduced: !row.stateId || introduced(pair), touched: false };
      entries.set(key, entry);
    }
    const before = entry.memory;
    const base = { cardId: pair.cardId, cardKey: row.cardKey ?? "", conceptKey: row.conceptKey ?? "", duplicate: false } as const;
    if (isUndo(event)) {
      if (!target || !standing) throw new Error("unreachable: an undo's target was read");
      checkUndo(target, standing);
      const next = restoredState(target, before, standing.previousAt);
      logs.push(undoLog(event, target, before, next));
      outcomes.set(i, {
        ...base,
        kind: "UNDO",
        cancels: target.id,
        rating: target.rating as Rating,
        source: target.source,
        stateBefore: before.state,
        stateAfter: next.state,
        dueBefore: before.due,
        dueAfter: next.due,
      });
      entry.memory = next;
    } else {
      let learner = settings.get(pair.userId);
      if (!learner) settings.set(pair.userId, (learner = settingsOf(row)));
      const at = reviewTime(before, event.reviewedAt);
      const { next, log } = schedule(before, event.rating, at, learner);
      logs.push({
        kind: "GRADE",
        cancelsId: null,
        clientEventId: event.clientEventId,
        userId: pair.userId,
        cardId: pair.cardId,
        rating: event.rating,
        source: event.source,
        reviewedAt: at,
        durationMs: event.durationMs,
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
        quizAttemptId: event.quizAttemptId,
        labRunId: event.labRunId,
      });
      outcomes.set(i, {
        ...base,
        kind: "GRADE",
        cancels: null,
        rating: event.rating,
        source: event.source,
        stateBefore: before.state,
        stateAfter: next.state,
        dueBefore: entry.introduced && !entry.touched ? null : before.due,
        dueAfter: next.due,
      });
      entry.memory = next;
    }
    entry.touched = true;
  }
  const states = [...entries.values()].map(({ row, memory }): StateWrite =>
    row.stateId
      ? { kind: "update", stateId: row.stateId, version: Number(row.version), memory }
      : { kind: "insert", userId: row.userId, cardId: row.cardId, memory },
  );
  return { states, logs, outcomes };
}

/**
 * An undo's log row: like a grade's, its "before" columns are the card just before it and its "after" columns
 * the state it leaves; it repeats the cancelled grade's rating, source and links, and takes no review time
 * (elapsedDays 0). It is dated after the grade it cancels.
 */
function undoLog(event: CheckedUndo, target: UndoTarget, before: MemoryState, next: MemoryState): LogRow {
  const at = Math.max(event.reviewedAt.getTime(), target.reviewedAt.getTime() + 1);
  return {
    kind: "UNDO",
    cancelsId: target.id,
    clientEventId: event.clientEventId,
    userId: target.userId,
    cardId: target.cardId,
    rating: target.rating as Rating,
    source: target.source,
    reviewedAt: new Date(at),
    durationMs: null,
    stateBefore: before.state,
    dueBefore: before.due,
    stabilityBefore: before.stability,
    difficultyBefore: before.difficulty,
    elapsedDays: 0,
    lastElapsedDays: before.elapsedDays,
    scheduledDays: before.scheduledDays,
    learningSteps: before.learningSteps,
    dueAfter: next.due,
    stabilityAfter: next.stability,
    difficultyAfter: next.difficulty,
    quizAttemptId: target.quizAttemptId,
    labRunId: target.labRunId,
  };
}

/** Every event's outcome, in order; a repeat (earlier request, or the same id twice here) gets the first one. */
function assemble(
  items: readonly Item[],
  known: ReadonlyMap<string, ReviewOutcome>,
  planned: ReadonlyMap<number, Omit<ReviewOutcome, "logId">>,
  logIds: ReadonlyMap<string, string>,
): ReviewOutcome[] {
  const first = new Map<string, ReviewOutcome>(known);
  const own = new Map<number, ReviewOutcome>();
  for (const [i, outcome] of planned) {
    const id = (items[i] as Item).event.clientEventId;
    const logId = logIds.get(id);
    if (!logId) throw new Error("A review log was not returned by its insert");
    const full = { logId, ...outcome };
    own.set(i, full);
    if (!first.has(id)) first.set(id, full);
  }
  return items.map((item, i) => {
    const mine = own.get(i);
    if (mine) return mine;
    const earlier = first.get(item.event.clientEventId);
    if (!earlier) throw new Error("unreachable: every event has an outcome");
    return { ...earlier, duplicate: true };
  });
}

/**
 * Without a transaction, for events on one card: one read, then one write that applies only if the card's state
 * is still the one read. A concurrent write of the card makes the write match nothing, and the events are read
 * and scheduled again on the new state, so both are kept in order. Null when it keeps losing.
 */
async function writeOptimistic(items: readonly Item[], now: Date): Promise<ReviewOutcome[] | null> {
  const client = db();
  const all = items.map((_, i) => i);
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const rows = await read(client, items);
    const known = new Map<string, ReviewOutcome>();
    const fresh = await splitRepeats(client, items, all, rows, known);
    if (fresh.length === 0) return assemble(items, known, new Map(), new Map());
    checkFresh(items, fresh, rows);
    const target = (items[0] as Item).target;
    const standing = target ? await undoStanding(client, target) : null;
    const { states, logs, outcomes } = plan(items, fresh, rows, () => false, standing);
    let logIds: Map<string, string> | null;
    try {
      logIds = await writeEvents(client, states, logs, now);
    } catch (error) {
      // The same event id arrived by another request: the next read reports its first outcome.
      if (isUniqueViolation(error)) continue;
      throw error;
    }
    if (logIds) return assemble(items, known, outcomes, logIds);
  }
  return null;
}

/**
 * Inside a transaction: reads, puts new cards into the collection, locks the cards' states (`FOR UPDATE`, in
 * order), reads again under the lock (a request with the same event ids that committed meanwhile is a repeat),
 * and writes. A concurrent write of the same card waits for the lock and then sees this one.
 */
async function writeLocked(tx: TransactionClient, items: readonly Item[], now: Date): Promise<ReviewOutcome[]> {
  const all = items.map((_, i) => i);
  const known = new Map<string, ReviewOutcome>();
  const first = await read(tx, items);
  const candidates = await splitRepeats(tx, items, all, first, known);
  if (candidates.length === 0) return assemble(items, known, new Map(), new Map());
  checkFresh(items, candidates, first);

  const pairs = uniquePairs(items, candidates);
  const firstAt = new Map<string, Date>();
  for (const i of candidates) {
    const { pair, event } = items[i] as Item;
    if (!firstAt.has(pairKey(pair))) firstAt.set(pairKey(pair), event.reviewedAt);
  }
  const missing = pairs.filter((p) => !first.get(pairKey(p))?.stateId).map((p) => ({ ...p, due: firstAt.get(pairKey(p)) ?? now }));
  const introduced = new Set((await introduceStates(tx, missing, now)).map(pairKey));
  await lockStates(tx, pairs);

  const rows = await read(tx, items);
  const fresh = await splitRepeats(tx, items, candidates, rows, known);
  if (fresh.length === 0) return assemble(items, known, new Map(), new Map());
  const target = (items[0] as Item).target;
  const standing = target ? await undoStanding(tx, target) : null;
  const { states, logs, outcomes } = plan(items, fresh, rows, (p) => introduced.has(pairKey(p)), standing);
  const logIds = await writeEvents(tx, states, logs, now);
  if (!logIds) throw new Error("A locked card state changed inside its transaction");
  return assemble(items, known, outcomes, logIds);
}

function isEventIdConflict(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  const target = JSON.stringify(error.meta ?? {});
  return target.includes("clientEventId") || target === "{}";
}

/**
 * The one writer of memory state. Records events in order, all or nothing: grades (a card not yet in the
 * learner's collection is introduced as NEW, then graded with the learner's settings) and undos (an UNDO row
 * that cancels the card's latest review-screen grade; the card returns to its state before that grade). Each
 * event appends a ReviewLog row and updates the card's CardState (version bumped); nothing is ever updated or
 * deleted in the log. A repeated `clientEventId` writes nothing and returns the first outcome with
 * `duplicate: true`: a late retry of an undone grade stays a duplicate.
 *
 * Events on one card without a caller's transaction (the review screen's grade and undo) take two statements and
 * no lock; anything else runs in one transaction (the caller's, or its own) with the cards' states locked.
 * An undo is recorded on its own.
 *
 * @throws ValidationError bad rating, event id, date (future, or before the card's last review), duration
 * @throws NotFoundError unknown card, learner, or grade to undo
 * @throws ConflictError a retired card; an event id already used by another learner; an undo of an undo, of a
 * quiz or lab grade, of an undone grade, or of a grade that is not the card's latest
 */
export async function recordReviews(events: readonly LogEvent[], opts: RecordOptions): Promise<ReviewOutcome[]> {
  if (events.length === 0) return [];
  const checked = events.map((e) => checkEvent(e, opts.now));
  if (checked.length > 1 && checked.some(isUndo)) throw new ValidationError("An undo is recorded on its own.");
  const items = await itemsOf(opts.tx ?? db(), checked);
  if (opts.tx) return writeLocked(opts.tx, items, opts.now);
  if (uniquePairs(items, items.map((_, i) => i)).length === 1) {
    const outcomes = await writeOptimistic(items, opts.now);
    if (outcomes) return outcomes;
  }
  const run = () => db().$transaction((tx) => writeLocked(tx, items, opts.now), TX_OPTIONS);
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
export async function recordReview(event: LogEvent, opts: RecordOptions): Promise<ReviewOutcome> {
  const [outcome] = await recordReviews([event], opts);
  if (!outcome) throw new Error("recordReviews returned no outcome for one event");
  return outcome;
}
