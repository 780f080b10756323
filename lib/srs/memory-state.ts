import { State, type Card as FsrsCard, type Grade as FsrsGrade } from "ts-fsrs";

/** The four FSRS card states, spelled as the database enum spells them. */
export type CardStateName = "NEW" | "LEARNING" | "REVIEW" | "RELEARNING";

/**
 * A learner's memory of one card: the app's own shape of a `CardState` row (dates are `Date`).
 * Field meanings follow FSRS: `stability` is the interval in days at which recall probability falls to 90%,
 * `difficulty` lies in [1, 10] (0 while NEW), `learningSteps` is the index of the current (re)learning step.
 */
export interface MemoryState {
  state: CardStateName;
  due: Date;
  stability: number;
  difficulty: number;
  /** Whole days between the last two reviews (ts-fsrs counts UTC calendar days). */
  elapsedDays: number;
  /** The interval, in days, the card was last scheduled for (0 while in (re)learning steps). */
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  lastReview: Date | null;
}

/** 1 Again, 2 Hard, 3 Good, 4 Easy. */
export type Rating = 1 | 2 | 3 | 4;

/** The ratings in button order. */
export const RATINGS: readonly Rating[] = [1, 2, 3, 4];

/** Per-learner scheduler settings (a `UserSettings` row, reduced to what FSRS needs). */
export interface SchedulerSettings {
  /** Target probability of recall when a card comes due, 0.70-0.99. */
  desiredRetention: number;
  /** 21 FSRS-6 parameters fitted for this learner, or null for the defaults. */
  weights: readonly number[] | null;
  /** Learning steps such as ["1m", "10m"]: a whole number followed by m, h or d. */
  learningSteps: readonly string[];
  /** Relearning steps such as ["10m"]. */
  relearningSteps: readonly string[];
  /** Longest interval FSRS may schedule, in days. */
  maximumIntervalDays: number;
}

/** True for 1, 2, 3 and 4. */
export function isRating(value: unknown): value is Rating {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/**
 * The memory state of a card the learner has not studied yet: NEW and due at `now`.
 */
export function newMemoryState(now: Date): MemoryState {
  return {
    state: "NEW",
    due: new Date(now.getTime()),
    stability: 0,
    difficulty: 0,
    elapsedDays: 0,
    scheduledDays: 0,
    learningSteps: 0,
    reps: 0,
    lapses: 0,
    lastReview: null,
  };
}

// The one place where ts-fsrs's snake_case card and numeric enums meet the app's types.
// Dates are copied both ways so that neither side can mutate the other's objects.

const STATE_TO_FSRS: Record<CardStateName, State> = {
  NEW: State.New,
  LEARNING: State.Learning,
  REVIEW: State.Review,
  RELEARNING: State.Relearning,
};

/** ts-fsrs `State` -> the app's state name. */
export function stateFromFsrs(state: State): CardStateName {
  switch (state) {
    case State.New:
      return "NEW";
    case State.Learning:
      return "LEARNING";
    case State.Review:
      return "REVIEW";
    case State.Relearning:
      return "RELEARNING";
  }
}

/** The app's state name -> ts-fsrs `State`. */
export function stateToFsrs(state: CardStateName): State {
  return STATE_TO_FSRS[state];
}

/** The app's rating -> ts-fsrs `Grade` (the numeric values coincide; this keeps the types honest). */
export function ratingToFsrs(rating: Rating): FsrsGrade {
  return rating as number as FsrsGrade;
}

/** `MemoryState` -> ts-fsrs `Card`. */
export function toFsrsCard(memory: MemoryState): FsrsCard {
  const card: FsrsCard = {
    due: new Date(memory.due.getTime()),
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsed_days: memory.elapsedDays,
    scheduled_days: memory.scheduledDays,
    learning_steps: memory.learningSteps,
    reps: memory.reps,
    lapses: memory.lapses,
    state: stateToFsrs(memory.state),
  };
  if (memory.lastReview !== null) card.last_review = new Date(memory.lastReview.getTime());
  return card;
}

/** ts-fsrs `Card` -> `MemoryState`. */
export function fromFsrsCard(card: FsrsCard): MemoryState {
  return {
    state: stateFromFsrs(card.state),
    due: new Date(card.due.getTime()),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    lastReview: card.last_review ? new Date(card.last_review.getTime()) : null,
  };
}
