/**
 * Quiz answers as review events. Each answer rates every card its question tests (wrong: Again, right: Good,
 * via `ratingForQuizAnswer`), with a client event id derived from (attempt, question, card), so grading the same
 * answer twice produces the same ids and the review log records it once. Server only (node:crypto).
 */
import { createHash } from "node:crypto";

import type { Rating } from "@/lib/srs/memory-state";
import { ratingForQuizAnswer } from "@/lib/srs/ratings";

/** The namespace of quiz event ids (a random UUID fixed once; changing it would change every id). */
export const QUIZ_EVENT_NAMESPACE = "3f5d0a52-8c1e-4c1b-9f0e-6a7d2b4c8e91";

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of namespace + name, with the version and variant bits set).
 */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash("sha1").update(uuidBytes(namespace)).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The client event id of the review that answering `questionId` in `attemptId` gives `cardId`. */
export function quizEventId(attemptId: string, questionId: string, cardId: string): string {
  return uuidV5(`quiz:${attemptId}:${questionId}:${cardId}`, QUIZ_EVENT_NAMESPACE);
}

/** The fields of a review event a quiz fills in (the shape `recordReviews` takes). */
export interface QuizReviewEvent {
  userId: string;
  cardId: string;
  rating: Rating;
  source: "QUIZ";
  reviewedAt: Date;
  clientEventId: string;
  durationMs: number | null;
  quizAttemptId: string;
}

/** One graded answer and the live cards its question tests. */
export interface GradedAnswer {
  questionId: string;
  correct: boolean;
  cardIds: readonly string[];
  durationMs?: number | null;
}

/**
 * The review events for graded answers, in answer order and, within an answer, in the order of `cardIds`.
 * A card tested by two questions of the attempt gets two events, applied in that order.
 */
export function quizReviewEvents(
  userId: string,
  attemptId: string,
  answers: readonly GradedAnswer[],
  now: Date,
): QuizReviewEvent[] {
  return answers.flatMap((answer) =>
    answer.cardIds.map((cardId) => ({
      userId,
      cardId,
      rating: ratingForQuizAnswer(answer.correct),
      source: "QUIZ" as const,
      reviewedAt: new Date(now.getTime()),
      clientEventId: quizEventId(attemptId, answer.questionId, cardId),
      durationMs: answer.durationMs ?? null,
      quizAttemptId: attemptId,
    })),
  );
}
