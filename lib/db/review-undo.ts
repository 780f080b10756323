import "server-only";

import { ConflictError, NotFoundError } from "@/lib/errors";
import type { CardStateName, MemoryState } from "@/lib/srs";

import { db } from "./client";
import { lockCardStates, memoryColumns } from "./reviews";
import type { Viewer } from "./users";

export interface UndoOutcome {
  cardId: string;
  /** The state the card is back in, as it was just before the undone grade. */
  state: CardStateName;
  due: Date;
}

/**
 * Undoes one of the viewer's grades from the review screen: the card returns to exactly the state it had before
 * (read from the log's "before" columns, which is what replaying the remaining logs gives) and the log is
 * deleted. Only the latest log of that card can be undone, only by its own learner, only for REVIEW grades
 * (quiz and lab evidence is not the learner's to retract).
 *
 * @throws NotFoundError when the log does not exist or is not the viewer's
 * @throws ConflictError when it is not the card's latest grade, or not a review-screen grade
 */
export async function undoReview(viewer: Viewer, logId: string): Promise<UndoOutcome> {
  return db().$transaction(
    async (tx) => {
      const log = await tx.reviewLog.findUnique({
        where: { id: logId },
        select: {
          userId: true,
          cardId: true,
          source: true,
          rating: true,
          reviewedAt: true,
          stateBefore: true,
          dueBefore: true,
          stabilityBefore: true,
          difficultyBefore: true,
          lastElapsedDays: true,
          scheduledDays: true,
          learningSteps: true,
        },
      });
      if (!log || log.userId !== viewer.id) {
        throw new NotFoundError("That grade was not found; it may have been undone already.");
      }
      if (log.source !== "REVIEW") {
        throw new ConflictError("Only grades given on the review screen can be undone.");
      }
      const locked = (await lockCardStates(tx, viewer.id, [log.cardId])).get(log.cardId);
      if (!locked) throw new NotFoundError("That card is no longer in your collection.");
      // Read under the lock, so a grade committed a moment ago by another tab counts as the latest.
      const [latest, previous] = await Promise.all([
        tx.reviewLog.findFirst({
          where: { userId: viewer.id, cardId: log.cardId },
          orderBy: { reviewedAt: "desc" },
          select: { id: true },
        }),
        tx.reviewLog.findFirst({
          where: { userId: viewer.id, cardId: log.cardId, reviewedAt: { lt: log.reviewedAt } },
          orderBy: { reviewedAt: "desc" },
          select: { reviewedAt: true },
        }),
      ]);
      if (latest?.id !== logId) {
        throw new ConflictError("Only the latest grade of a card can be undone, and this card was graded again since.");
      }
      const current = locked.memory;
      const restored: MemoryState = {
        state: log.stateBefore,
        due: log.dueBefore,
        stability: log.stabilityBefore,
        difficulty: log.difficultyBefore,
        elapsedDays: log.lastElapsedDays,
        scheduledDays: log.scheduledDays,
        learningSteps: log.learningSteps,
        reps: Math.max(0, current.reps - 1),
        // FSRS counts a lapse when a card in REVIEW is answered Again.
        lapses: Math.max(0, current.lapses - (log.stateBefore === "REVIEW" && log.rating === 1 ? 1 : 0)),
        lastReview: previous?.reviewedAt ?? null,
      };
      await tx.reviewLog.delete({ where: { id: logId } });
      await tx.cardState.update({
        where: { id: locked.id },
        data: { ...memoryColumns(restored), version: { increment: 1 } },
      });
      return { cardId: log.cardId, state: restored.state, due: restored.due };
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}
