/**
 * "Everything due soon": questions that test cards of the learner's collection coming due within a few days,
 * the weakest memories first.
 */

/** Days ahead that count as "soon". */
export const DUE_SOON_DAYS = 3;
/** The most questions a due-soon quiz asks. */
export const DUE_SOON_LIMIT = 10;

const DAY_MS = 86_400_000;

export interface DueSoonCard {
  cardId: string;
  due: Date;
  /** Probability of recall now (0 for a card never reviewed). */
  retrievability: number;
}

export interface QuestionCards {
  questionId: string;
  cardIds: readonly string[];
}

interface Candidate {
  questionId: string;
  dueCardIds: string[];
  minRetrievability: number;
  earliestDue: number;
}

/**
 * Picks up to `limit` questions testing cards due by `now + days`. A question's priority is the lowest
 * retrievability among its due cards (ties: the earlier due date, then the question id, so the choice is
 * deterministic). Questions that test a due card no earlier pick tests come first, so ten questions cover as
 * many due cards as they can; questions that only repeat covered cards fill the remaining places. The result is
 * in priority order.
 */
export function pickDueSoonQuestions(
  cards: readonly DueSoonCard[],
  questions: readonly QuestionCards[],
  now: Date,
  options: { days?: number; limit?: number } = {},
): string[] {
  const horizon = now.getTime() + (options.days ?? DUE_SOON_DAYS) * DAY_MS;
  const limit = options.limit ?? DUE_SOON_LIMIT;
  const dueCards = new Map(cards.filter((c) => c.due.getTime() <= horizon).map((c) => [c.cardId, c] as const));

  const candidates: Candidate[] = [];
  for (const q of questions) {
    const due = q.cardIds.flatMap((id) => {
      const card = dueCards.get(id);
      return card ? [card] : [];
    });
    if (due.length === 0) continue;
    candidates.push({
      questionId: q.questionId,
      dueCardIds: due.map((c) => c.cardId),
      minRetrievability: Math.min(...due.map((c) => c.retrievability)),
      earliestDue: Math.min(...due.map((c) => c.due.getTime())),
    });
  }
  candidates.sort(
    (a, b) =>
      a.minRetrievability - b.minRetrievability ||
      a.earliestDue - b.earliestDue ||
      (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0),
  );

  const picked: Candidate[] = [];
  const repeats: Candidate[] = [];
  const covered = new Set<string>();
  for (const c of candidates) {
    if (picked.length >= limit) break;
    if (c.dueCardIds.some((id) => !covered.has(id))) {
      picked.push(c);
      c.dueCardIds.forEach((id) => covered.add(id));
    } else {
      repeats.push(c);
    }
  }
  const fill = repeats.slice(0, Math.max(0, limit - picked.length));
  const rank = new Map(candidates.map((c, i) => [c.questionId, i] as const));
  return [...picked, ...fill]
    .sort((a, b) => (rank.get(a.questionId) ?? 0) - (rank.get(b.questionId) ?? 0))
    .map((c) => c.questionId);
}
