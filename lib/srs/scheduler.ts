import { ReviewOrderError, SrsError } from "./errors";
import { fsrsFor } from "./fsrs-cache";
import {
  fromFsrsCard,
  isRating,
  newMemoryState,
  ratingToFsrs,
  toFsrsCard,
  type CardStateName,
  type MemoryState,
  type Rating,
  type SchedulerSettings,
} from "./memory-state";

/**
 * What a `ReviewLog` row stores about one review. The memory fields describe the card as it was
 * just BEFORE the review (as in ts-fsrs's own review log), so the log and the rating that follows
 * it are enough to audit or replay the card.
 */
export interface ReviewLogEntry {
  rating: Rating;
  /** State before the review. */
  state: CardStateName;
  /** Due date before the review (ts-fsrs's log holds the previous review time here instead; this is the real due). */
  due: Date;
  /** Stability before the review (0 for a NEW card). */
  stability: number;
  /** Difficulty before the review (0 for a NEW card). */
  difficulty: number;
  /** Whole days since the previous review, as FSRS used them for this review (0 for the first review). */
  elapsedDays: number;
  /** `elapsedDays` as stored on the card before this review. */
  lastElapsedDays: number;
  /** The interval in days the card was scheduled for before this review. */
  scheduledDays: number;
  /** Learning step index before the review. */
  learningSteps: number;
  reviewedAt: Date;
}

/** The result of one review: the card's new memory state and the log row that records it. */
export interface ScheduleResult {
  next: MemoryState;
  log: ReviewLogEntry;
}

/** The minimum a replay needs from a stored review log. */
export interface ReplayableLog {
  rating: Rating;
  reviewedAt: Date;
  /** The log's id; needed only to match an undo's `cancelsId`. */
  id?: string;
  /** "GRADE" (the default) or "UNDO": an undo takes back the grade it names and is not a review itself. */
  kind?: "GRADE" | "UNDO";
  /** On an undo: the id of the grade it cancels. */
  cancelsId?: string | null;
}

/**
 * The grades that count: every log that is a grade and that no undo in `logs` cancels, in their given order.
 * Undo rows themselves are left out too.
 */
export function liveGrades<T extends ReplayableLog>(logs: readonly T[]): T[] {
  const cancelled = new Set<string>();
  for (const log of logs) if (log.kind === "UNDO" && log.cancelsId) cancelled.add(log.cancelsId);
  return logs.filter((log) => log.kind !== "UNDO" && !(log.id !== undefined && cancelled.has(log.id)));
}

/** One button's outcome, shown under the button before the learner presses it. */
export interface IntervalPreview {
  rating: Rating;
  due: Date;
  /** Time from `now` to `due`, in milliseconds. */
  intervalMs: number;
  /** Short label such as "<1m", "10m", "1d", "3.2mo". */
  label: string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function assertValidDate(date: Date, what: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new SrsError(`${what} is not a valid date`);
  }
}

function assertNotBeforeLastReview(state: MemoryState, at: Date): void {
  if (state.lastReview !== null && at.getTime() < state.lastReview.getTime()) {
    throw new ReviewOrderError(at, state.lastReview);
  }
}

/**
 * ts-fsrs keeps Hard < Good < Easy by adding a day to Good and Easy after capping each at the maximum
 * interval, so near the cap Good and Easy can exceed it by one or two days. The cap is the learner's
 * setting, so it wins.
 */
function capInterval(next: MemoryState, reviewedAt: Date, settings: SchedulerSettings): MemoryState {
  const max = settings.maximumIntervalDays;
  if (next.state !== "REVIEW" || next.scheduledDays <= max) return next;
  return { ...next, scheduledDays: max, due: new Date(reviewedAt.getTime() + max * DAY_MS) };
}

/**
 * Applies one review to a card with FSRS (fuzz off: the same inputs always give the same output).
 *
 * @param state the card's memory state before the review
 * @param rating 1 Again, 2 Hard, 3 Good, 4 Easy
 * @param reviewedAt when the learner answered; must not be before `state.lastReview`
 * @param settings the learner's scheduler settings (treated as immutable: the FSRS instance is cached per object)
 * @throws ReviewOrderError when `reviewedAt` is earlier than the card's last review
 * @throws InvalidSettingsError when `settings` cannot drive FSRS
 */
export function schedule(
  state: MemoryState,
  rating: Rating,
  reviewedAt: Date,
  settings: SchedulerSettings,
): ScheduleResult {
  if (!isRating(rating)) throw new SrsError(`Rating must be 1, 2, 3 or 4, got ${String(rating)}`);
  assertValidDate(reviewedAt, "reviewedAt");
  assertNotBeforeLastReview(state, reviewedAt);
  const { card, log } = fsrsFor(settings).next(toFsrsCard(state), reviewedAt, ratingToFsrs(rating));
  return {
    next: capInterval(fromFsrsCard(card), reviewedAt, settings),
    log: {
      rating,
      state: state.state,
      due: new Date(state.due.getTime()),
      stability: state.stability,
      difficulty: state.difficulty,
      elapsedDays: log.elapsed_days,
      lastElapsedDays: state.elapsedDays,
      scheduledDays: state.scheduledDays,
      learningSteps: state.learningSteps,
      reviewedAt: new Date(reviewedAt.getTime()),
    },
  };
}

/**
 * For each rating 1-4, when the card would next be due if the learner answered with it at `now`.
 * Each entry equals what `schedule(state, rating, now, settings)` would produce.
 *
 * @throws ReviewOrderError when `now` is earlier than the card's last review
 */
export function previewIntervals(
  state: MemoryState,
  now: Date,
  settings: SchedulerSettings,
): Record<Rating, IntervalPreview> {
  assertValidDate(now, "now");
  assertNotBeforeLastReview(state, now);
  const preview = fsrsFor(settings).repeat(toFsrsCard(state), now);
  const entry = (rating: Rating): IntervalPreview => {
    const { due } = capInterval(fromFsrsCard(preview[ratingToFsrs(rating)].card), now, settings);
    const intervalMs = due.getTime() - now.getTime();
    return { rating, due, intervalMs, label: formatInterval(intervalMs) };
  };
  return { 1: entry(1), 2: entry(2), 3: entry(3), 4: entry(4) };
}

/**
 * Rebuilds a card's memory state from its review logs. Replaying a card's logs gives exactly the state
 * that the successive `schedule` calls stored (same settings assumed), which is how the `CardState`
 * cache is checked against the append-only `ReviewLog`. Undo rows, and the grades they cancel, are skipped
 * (`liveGrades`): an undone grade leaves no trace in the state.
 *
 * @param logs the card's logs, grades ordered by `reviewedAt` (ties keep their order); undo rows anywhere
 * @param initialNow when the card entered the collection; only a card with no logs keeps it (as its due date)
 * @throws ReviewOrderError when the logs are out of time order
 */
export function replay(
  logs: readonly ReplayableLog[],
  settings: SchedulerSettings,
  initialNow: Date,
): MemoryState {
  let state = newMemoryState(initialNow);
  for (const log of liveGrades(logs)) state = schedule(state, log.rating, log.reviewedAt, settings).next;
  return state;
}


function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/**
 * A short label for an interval: "<1m" under a minute, whole minutes under an hour ("10m"), hours with at
 * most one decimal under a day ("1.5h"), whole days under 30 days ("3d"), months of 30 days under a year
 * ("3.2mo"), then years of 365 days ("1.4y").
 */
export function formatInterval(intervalMs: number): string {
  const ms = Math.max(0, intervalMs);
  if (ms < MINUTE_MS) return "<1m";
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)}m`;
  if (ms < DAY_MS) return `${oneDecimal(ms / HOUR_MS)}h`;
  const days = ms / DAY_MS;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${oneDecimal(days / 30)}mo`;
  return `${oneDecimal(days / 365)}y`;
}

