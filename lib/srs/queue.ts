import type { DayWindow } from "./day";
import { SrsError } from "./errors";
import type { MemoryState } from "./memory-state";

/** A card that may go into today's queue. */
export interface QueueCandidate {
  cardId: string;
  conceptKey: string;
  /** The learner's memory of the card; null when the card is not in their collection yet (a new card). */
  memory: MemoryState | null;
  /** Position of the card in the course (lower comes first). */
  order: number;
}

export interface BuildQueueInput {
  /** Due cards and a bounded slice of new cards; anything else is ignored by the rules below anyway. */
  candidates: readonly QueueCandidate[];
  now: Date;
  /** The learner's current study day (see `dayWindow`). */
  day: DayWindow;
  newPerDay: number;
  maxReviewsPerDay: number;
  /** New cards already introduced during this study day. */
  newIntroducedToday: number;
  /**
   * Reviews already counted against `maxReviewsPerDay` this study day. Learning cards are outside the cap
   * (see `buildQueue`), so the caller should count reviews of cards that were NEW or REVIEW before the
   * review, not learning-step repetitions.
   */
  reviewsDoneToday: number;
  /** Concepts the learner has started (has at least one card of in the collection). */
  startedConcepts: ReadonlySet<string>;
  /** Prerequisite concepts of each concept. */
  prerequisites: ReadonlyMap<string, readonly string[]>;
}

export type QueueKind = "learning" | "review" | "new";

export interface QueueItem {
  cardId: string;
  conceptKey: string;
  kind: QueueKind;
  /** When the card fell due; null for a card not yet in the collection. */
  due: Date | null;
}

export interface Queue {
  items: QueueItem[];
  counts: Record<QueueKind, number>;
  /**
   * The earliest due date of a (re)learning card that is not due yet but falls due before the study day
   * ends, so the page can say when to come back; null when there is none.
   */
  nextLearningDue: Date | null;
}

function assertCount(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new SrsError(`${name} must be a non-negative number, got ${value}`);
}

const byCardId = (a: QueueCandidate, b: QueueCandidate): number =>
  a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0;

/**
 * Today's review queue, from plain data (no clock, no database):
 *
 * 1. (Re)learning cards due now, earliest due first. They are never dropped by the daily cap and do not use
 *    it up: a card in its learning steps must come back minutes later or the steps mean nothing, and the
 *    learner has already paid for it when it was introduced or lapsed.
 * 2. Review cards due before the study day ends, lowest retrievability first. For one learner every card
 *    shares the same forgetting curve R(t, S), which decreases in t / S, so "lowest R now" is "largest
 *    (now - lastReview) / stability" and needs no FSRS weights.
 * 3. New cards, up to what is left of `newPerDay` after `newIntroducedToday`. Cards whose concept has all
 *    its prerequisites started come first, then course order.
 *
 * Reviews and new cards together are capped by `maxReviewsPerDay - reviewsDoneToday`; reviews are served
 * first, so new cards get only what the reviews leave. Ties are broken by card id so the order is stable.
 * O(n log n) in the number of candidates.
 */
export function buildQueue(input: BuildQueueInput): Queue {
  const { now, day, startedConcepts, prerequisites } = input;
  assertCount(input.newPerDay, "newPerDay");
  assertCount(input.maxReviewsPerDay, "maxReviewsPerDay");
  assertCount(input.newIntroducedToday, "newIntroducedToday");
  assertCount(input.reviewsDoneToday, "reviewsDoneToday");
  const nowMs = now.getTime();
  const endMs = day.end.getTime();

  const learning: QueueCandidate[] = [];
  const reviews: { candidate: QueueCandidate; overdue: number }[] = [];
  const fresh: { candidate: QueueCandidate; ready: boolean }[] = [];
  let nextLearningDue: Date | null = null;

  for (const candidate of input.candidates) {
    const memory = candidate.memory;
    if (memory === null || memory.state === "NEW") {
      const required = prerequisites.get(candidate.conceptKey) ?? [];
      fresh.push({ candidate, ready: required.every((key) => startedConcepts.has(key)) });
    } else if (memory.state === "LEARNING" || memory.state === "RELEARNING") {
      const dueMs = memory.due.getTime();
      if (dueMs <= nowMs) learning.push(candidate);
      else if (dueMs < endMs && (nextLearningDue === null || dueMs < nextLearningDue.getTime())) {
        nextLearningDue = memory.due;
      }
    } else if (memory.due.getTime() < endMs) {
      const elapsedMs = memory.lastReview === null ? Infinity : nowMs - memory.lastReview.getTime();
      // Stability is positive for every reviewed card; guard anyway so a bad row sorts first, not NaN.
      const overdue = memory.stability > 0 ? elapsedMs / memory.stability : Infinity;
      reviews.push({ candidate, overdue });
    }
  }

  const dueOf = (candidate: QueueCandidate): number => candidate.memory?.due.getTime() ?? 0;
  learning.sort((a, b) => dueOf(a) - dueOf(b) || byCardId(a, b));
  reviews.sort(
    (a, b) =>
      (b.overdue === a.overdue ? 0 : b.overdue > a.overdue ? 1 : -1) ||
      dueOf(a.candidate) - dueOf(b.candidate) ||
      byCardId(a.candidate, b.candidate),
  );

  const cap = Math.max(0, Math.floor(input.maxReviewsPerDay - input.reviewsDoneToday));
  const reviewsTaken = reviews.slice(0, cap);
  const newAllowance = Math.max(
    0,
    Math.min(Math.floor(input.newPerDay - input.newIntroducedToday), cap - reviewsTaken.length),
  );
  // Only the first `newAllowance` new cards are needed, but sorting all of them is cheap at this size.
  fresh.sort(
    (a, b) =>
      Number(b.ready) - Number(a.ready) ||
      a.candidate.order - b.candidate.order ||
      byCardId(a.candidate, b.candidate),
  );
  const newTaken = fresh.slice(0, newAllowance);

  const item = (candidate: QueueCandidate, kind: QueueKind): QueueItem => ({
    cardId: candidate.cardId,
    conceptKey: candidate.conceptKey,
    kind,
    due: candidate.memory ? new Date(candidate.memory.due.getTime()) : null,
  });
  const items = [
    ...learning.map((c) => item(c, "learning")),
    ...reviewsTaken.map((r) => item(r.candidate, "review")),
    ...newTaken.map((n) => item(n.candidate, "new")),
  ];
  return {
    items,
    counts: { learning: learning.length, review: reviewsTaken.length, new: newTaken.length },
    nextLearningDue: nextLearningDue === null ? null : new Date(nextLearningDue.getTime()),
  };
}
