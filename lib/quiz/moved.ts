/**
 * "Which cards moved": the review events of a quiz, one line per card, with the new due date written for people.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

import { clozeFront } from "@/lib/content/cloze";
import { renderInline } from "@/lib/content/render";
import { isValidTimeZone } from "@/lib/srs/day";
import type { CardStateName, Rating } from "@/lib/srs/memory-state";
import { ratingName, type RatingName } from "@/lib/srs/ratings";
import { formatInterval } from "@/lib/srs/scheduler";

/** One review of a card caused by the quiz (from a `ReviewOutcome` or a stored `ReviewLog`). */
export interface CardMove {
  cardId: string;
  rating: Rating;
  stateBefore: CardStateName;
  /** Null when the card was not in the learner's collection before. */
  dueBefore: Date | null;
  dueAfter: Date;
  reviewedAt: Date;
}

/** What the learner is shown about one card. */
export interface MovedCard {
  cardId: string;
  cardKey: string;
  /** The card's question side, rendered. */
  labelHtml: string;
  /** The ratings the quiz gave it, in order ("Again", "Good"). */
  ratings: RatingName[];
  /** The card was new to the learner (not studied before this quiz). */
  wasNew: boolean;
  dueBefore: string | null;
  dueAfter: string;
  /** The new due date in the learner's time zone, e.g. "Tue 3 Mar 2026, 08:10". */
  dueLabel: string;
  /** How far after the quiz the card is due, e.g. "10m", "3d". */
  intervalLabel: string;
  /** True when the card now comes back earlier than it was due before. */
  sooner: boolean;
}

/** A card's question side as HTML: a basic card's front, or a cloze card's text with its deletions hidden. */
export function cardLabelHtml(kind: "BASIC" | "CLOZE", front: string): string {
  return renderInline(kind === "CLOZE" ? clozeFront(front) : front);
}

/** `date` in `timeZone` (UTC when the zone is unknown), e.g. "Tue 3 Mar 2026, 08:10". */
export function formatDue(date: Date, timeZone: string): string {
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  return format(new TZDate(date.getTime(), zone), "EEE d MMM yyyy, HH:mm");
}

/**
 * One line per card, in the order the cards were first rated: the state before the first rating, the due date
 * after the last. `describe` supplies the card's key and label.
 */
export function summarizeMoves(
  moves: readonly CardMove[],
  describe: (cardId: string) => { cardKey: string; labelHtml: string },
  timeZone: string,
): MovedCard[] {
  const byCard = new Map<string, CardMove[]>();
  for (const move of moves) {
    const list = byCard.get(move.cardId);
    if (list) list.push(move);
    else byCard.set(move.cardId, [move]);
  }
  return [...byCard.entries()].map(([cardId, list]) => {
    const first = list[0] as CardMove;
    const last = list[list.length - 1] as CardMove;
    return {
      cardId,
      ...describe(cardId),
      ratings: list.map((m) => ratingName(m.rating)),
      wasNew: first.dueBefore === null || first.stateBefore === "NEW",
      dueBefore: first.dueBefore?.toISOString() ?? null,
      dueAfter: last.dueAfter.toISOString(),
      dueLabel: formatDue(last.dueAfter, timeZone),
      intervalLabel: formatInterval(last.dueAfter.getTime() - last.reviewedAt.getTime()),
      sooner: first.dueBefore !== null && last.dueAfter.getTime() < first.dueBefore.getTime(),
    };
  });
}
