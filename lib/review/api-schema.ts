import { z } from "zod";

import type { QueueKind, Rating } from "@/lib/srs";

/**
 * The review screen's requests and responses: one zod schema per request, shared by the route handlers and
 * the client, and the DTOs they return. The learner is always the signed-in person, never a body field.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const gradeRequestSchema = z.object({
  cardId: z.string({ error: "cardId is required." }).min(1, { error: "cardId is required." }).max(100),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
    error: "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).",
  }),
  clientEventId: z
    .string({ error: "clientEventId is required: a UUID made by the client." })
    .regex(UUID, { error: "clientEventId must be a UUID." }),
  /** When the learner answered (a retried request keeps its first time); the server's clock otherwise. */
  reviewedAt: z.iso.datetime({ offset: true, error: "reviewedAt must be an ISO 8601 date-time." }).optional(),
  durationMs: z.number().int().min(0).max(86_400_000).nullish(),
  /** Refused unless it is the signed-in learner: nobody grades for someone else. */
  userId: z.string().optional(),
});
export type GradeRequest = z.infer<typeof gradeRequestSchema>;

export const undoRequestSchema = z.object({
  logId: z.string({ error: "logId is required." }).min(1, { error: "logId is required." }).max(100),
  /** The undo is an event of its own: a retried request with the same id undoes once. */
  clientEventId: z
    .string({ error: "clientEventId is required: a UUID made by the client." })
    .regex(UUID, { error: "clientEventId must be a UUID." }),
});
export type UndoRequest = z.infer<typeof undoRequestSchema>;

/** One answer button: its rating and the interval it would schedule ("10m", "3d"). */
export interface RatingPreview {
  rating: Rating;
  label: string;
}

/** A card on the review screen, rendered on the server (HTML is sanitized, math typeset). */
export interface ReviewCardDto {
  cardId: string;
  cardKey: string;
  kind: QueueKind;
  conceptKey: string;
  conceptTitle: string;
  frontHtml: string;
  backHtml: string;
  extraHtml: string | null;
  /** The lab preset that shows this card's idea, with the way back to the review. */
  lab: { title: string; href: string } | null;
  previews: RatingPreview[];
}

/** The queue as the screen shows it: counts, the next few cards, and when to come back. ISO dates. */
export interface ReviewSessionDto {
  counts: Record<QueueKind, number>;
  /** The first cards of the queue, in order (the rest arrive with later responses). */
  cards: ReviewCardDto[];
  reviewedToday: number;
  newToday: number;
  nextLearningDue: string | null;
  nextDue: string | null;
  /** When the study day ends (new cards resume then). */
  dayEnd: string;
  collectionSize: number;
  newInCollection: number;
  limits: { newPerDay: number; maxReviewsPerDay: number };
}

/** What POST /api/reviews answers: the grade's outcome (the screen fetches the next cards with GET when low). */
export interface GradeResponse {
  outcome: { logId: string; cardId: string; rating: Rating; dueAfter: string; stateAfter: string; duplicate: boolean };
}

export interface UndoResponse {
  /** The card that was undone, to show again first. Null when it has left the course. */
  card: ReviewCardDto | null;
  session: ReviewSessionDto;
}
