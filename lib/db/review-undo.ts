import "server-only";

import type { CardStateName } from "@/lib/srs";

import { recordReview } from "./reviews";
import type { Viewer } from "./users";

export interface UndoOutcome {
  /** The UNDO row appended to the log. */
  logId: string;
  cardId: string;
  /** The state the card is back in, as it was just before the undone grade. */
  state: CardStateName;
  due: Date;
  /** True when this undo's event id had been recorded before (a retry): nothing was written. */
  duplicate: boolean;
}

/**
 * Undoes one of the viewer's grades from the review screen by appending an UNDO event that cancels it (through
 * `recordReviews`, like any grade): the card returns to exactly the state it had before, which is what replaying
 * the grades that still stand gives, and the grade's log row stays. Only the latest standing grade of a card can
 * be undone, only by its own learner, only for REVIEW grades (quiz and lab evidence is not the learner's to
 * retract), and an undo cannot be undone. The same `clientEventId` twice is one undo.
 *
 * @throws NotFoundError when the log does not exist or is not the viewer's
 * @throws ConflictError when it is not the card's latest grade, not a review-screen grade, already undone, or an undo
 */
export async function undoReview(
  viewer: Viewer,
  input: { logId: string; clientEventId: string },
  now: Date,
): Promise<UndoOutcome> {
  const outcome = await recordReview(
    { kind: "UNDO", userId: viewer.id, cancels: input.logId, clientEventId: input.clientEventId, reviewedAt: now },
    { now },
  );
  return { logId: outcome.logId, cardId: outcome.cardId, state: outcome.stateAfter, due: outcome.dueAfter, duplicate: outcome.duplicate };
}
