import "server-only";

import { z } from "zod";

import { ValidationError } from "@/lib/errors";
import type { CardStateName, Rating, ReviewSource } from "@/lib/srs";

import type { Prisma } from "./generated/client";

/** A Prisma client, or one inside an interactive transaction. */
export type TransactionClient = Prisma.TransactionClient;

/** One grade of one card by one learner, from any source. The only input that changes memory state. */
export interface ReviewEvent {
  kind?: "GRADE";
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

/**
 * Takes back one earlier grade (the learner's latest of that card, given on the review screen). It is appended
 * to the log like a grade; the card returns to the state it had before the cancelled grade.
 */
export interface UndoEvent {
  kind: "UNDO";
  userId: string;
  /** The id of the ReviewLog row (a grade) to cancel. */
  cancels: string;
  /** A UUID made by the client, as for grades: a retried undo is applied once. */
  clientEventId: string;
  reviewedAt: Date;
}

/** Anything the review log records. */
export type LogEvent = ReviewEvent | UndoEvent;

/** What one event did to its card. */
export interface ReviewOutcome {
  logId: string;
  kind: "GRADE" | "UNDO";
  /** For an undo: the grade it cancelled. */
  cancels: string | null;
  cardId: string;
  cardKey: string;
  conceptKey: string;
  /** For an undo, the rating of the grade it took back. */
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

/** How far in the future an event may be dated (clock skew between a device and the server). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const MAX_DURATION_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const UUID_MESSAGE = "Each review needs an event id that is a UUID (e.g. from crypto.randomUUID()).";
const clientEventId = z
  .string({ error: UUID_MESSAGE })
  .regex(UUID, { error: UUID_MESSAGE })
  .transform((id) => id.toLowerCase());
const userId = z.string({ error: "A review needs a learner." }).min(1, { error: "A review needs a learner." });
const reviewedAt = z.date({ error: "The review time is not a valid date." });

/** A grade as `recordReviews` takes it; the event id comes out lower-case and a missing duration as null. */
export const gradeEventSchema = z.object({
  kind: z.literal("GRADE").optional(),
  userId,
  cardId: z.string({ error: "A review needs a card id." }).min(1, { error: "A review needs a card id." }),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
    error: "A rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy).",
  }),
  source: z.enum(["REVIEW", "QUIZ", "LAB"], { error: "A review's source must be REVIEW, QUIZ or LAB." }),
  reviewedAt,
  clientEventId,
  durationMs: z
    .number({ error: "The answer time must be a whole number of milliseconds between 0 and one day." })
    .int({ error: "The answer time must be a whole number of milliseconds between 0 and one day." })
    .min(0, { error: "The answer time must be a whole number of milliseconds between 0 and one day." })
    .max(MAX_DURATION_MS, { error: "The answer time must be a whole number of milliseconds between 0 and one day." })
    .nullish()
    .transform((ms) => ms ?? null),
  quizAttemptId: z.string().nullish().transform((id) => id ?? null),
  labRunId: z.string().nullish().transform((id) => id ?? null),
});

/** An undo as `recordReviews` takes it. */
export const undoEventSchema = z.object({
  kind: z.literal("UNDO"),
  userId,
  cancels: z.string({ error: "An undo names the grade it takes back." }).min(1, { error: "An undo names the grade it takes back." }),
  reviewedAt,
  clientEventId,
});

/** Either kind of event: the one validation every write goes through. */
export const reviewEventSchema = z.union([gradeEventSchema, undoEventSchema]);

export type CheckedGrade = z.output<typeof gradeEventSchema> & { kind?: "GRADE" };
export type CheckedUndo = z.output<typeof undoEventSchema>;
export type CheckedEvent = CheckedGrade | CheckedUndo;

/**
 * Checks one event against its schema and that it is not dated in the future.
 * @throws ValidationError naming the field
 */
export function checkEvent(event: LogEvent, now: Date): CheckedEvent {
  const parsed = event.kind === "UNDO" ? undoEventSchema.safeParse(event) : gradeEventSchema.safeParse(event);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "event")] ??= []).push(issue.message);
    throw new ValidationError(parsed.error.issues[0]?.message ?? "This review is not valid.", fieldErrors);
  }
  const checked = parsed.data;
  if (checked.reviewedAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) {
    const message = "The review time is in the future. Check your device's clock and try again.";
    throw new ValidationError(message, { reviewedAt: [message] });
  }
  return checked;
}

export function isUndo(event: CheckedEvent): event is CheckedUndo {
  return event.kind === "UNDO";
}
