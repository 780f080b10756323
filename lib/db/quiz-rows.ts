import "server-only";

// Row loaders and shapers shared by the quiz data layer (quizzes.ts, quiz-history.ts); not for other callers.
import { quizResponseSchema } from "@/lib/quiz/schemas";
import { blankResponse } from "@/lib/quiz/grade";
import { cardLabelHtml, summarizeMoves, type CardMove, type MovedCard } from "@/lib/quiz/moved";
import type { QuizQuestion, QuizResponse } from "@/lib/quiz/types";
import { questionFromRow } from "@/lib/quiz/view";
import { NotFoundError } from "@/lib/errors";

import { db } from "./client";
import type { Prisma } from "./generated/client";
import type { ReviewOutcome } from "./reviews";
import type { Viewer } from "./users";

export type Tx = Prisma.TransactionClient;
export type Client = Tx | ReturnType<typeof db>;

export const live = { retiredAt: null, concept: { retiredAt: null } } as const;

export interface LoadedQuestion {
  question: QuizQuestion;
  live: boolean;
  /** Live cards the question tests, by key, so events are applied in a stable order. */
  cardIds: string[];
}

export async function loadQuestions(client: Client, ids: readonly string[]): Promise<Map<string, LoadedQuestion>> {
  const rows = await client.question.findMany({
    where: { id: { in: [...ids] } },
    select: {
      id: true,
      key: true,
      kind: true,
      prompt: true,
      options: true,
      answer: true,
      tolerance: true,
      unit: true,
      explanation: true,
      retiredAt: true,
      concept: { select: { key: true, retiredAt: true } },
      cards: { where: { card: live }, select: { card: { select: { id: true, key: true } } } },
    },
  });
  return new Map(
    rows.map((row) => [
      row.id,
      {
        question: questionFromRow({ ...row, conceptKey: row.concept.key }),
        live: row.retiredAt === null && row.concept.retiredAt === null,
        cardIds: row.cards
          .map((c) => c.card)
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .map((c) => c.id),
      },
    ]),
  );
}

export async function conceptTitles(client: Client, keys: readonly string[]): Promise<(key: string) => string | undefined> {
  if (keys.length === 0) return () => undefined;
  const rows = await client.concept.findMany({ where: { key: { in: [...new Set(keys)] } }, select: { key: true, title: true } });
  const titles = new Map(rows.map((r) => [r.key, r.title]));
  return (key) => titles.get(key);
}

/**
 * Lines of "which cards moved" for one or more groups of moves, with one query for the cards' labels and one for
 * the viewer's time zone whatever the number of groups.
 */
export async function describeMoveGroups(client: Client, viewer: Viewer, groups: readonly (readonly CardMove[])[]): Promise<MovedCard[][]> {
  const cardIds = [...new Set(groups.flatMap((moves) => moves.map((m) => m.cardId)))];
  if (cardIds.length === 0) return groups.map(() => []);
  const [cards, settings] = await Promise.all([
    client.card.findMany({ where: { id: { in: cardIds } }, select: { id: true, key: true, kind: true, front: true } }),
    client.userSettings.findUnique({ where: { userId: viewer.id }, select: { timezone: true } }),
  ]);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const describe = (cardId: string) => {
    const card = byId.get(cardId);
    return { cardKey: card?.key ?? cardId, labelHtml: card ? cardLabelHtml(card.kind, card.front) : "" };
  };
  return groups.map((moves) => summarizeMoves(moves, describe, settings?.timezone ?? "UTC"));
}

/** The viewer's moves, one line per card, labelled and dated in the viewer's time zone. */
export async function describeMoves(client: Client, viewer: Viewer, moves: readonly CardMove[]): Promise<MovedCard[]> {
  const [lines] = await describeMoveGroups(client, viewer, [moves]);
  return lines ?? [];
}

export function outcomeMoves(outcomes: readonly ReviewOutcome[], now: Date): CardMove[] {
  return outcomes.map((o) => ({ ...o, reviewedAt: now }));
}

/** The review logs one attempt wrote for the viewer, oldest first, as moves. */
export async function attemptMoves(client: Client, viewer: Viewer, attemptId: string) {
  const logs = await client.reviewLog.findMany({
    where: { userId: viewer.id, quizAttemptId: attemptId },
    orderBy: [{ reviewedAt: "asc" }, { createdAt: "asc" }],
    select: { clientEventId: true, cardId: true, rating: true, stateBefore: true, dueBefore: true, dueAfter: true, reviewedAt: true },
  });
  return logs.map((log) => ({
    clientEventId: log.clientEventId,
    move: {
      cardId: log.cardId,
      rating: log.rating as CardMove["rating"],
      stateBefore: log.stateBefore,
      // A card the quiz introduced was NEW and due at that very review (see recordReviews).
      dueBefore: log.stateBefore === "NEW" && log.dueBefore.getTime() === log.reviewedAt.getTime() ? null : log.dueBefore,
      dueAfter: log.dueAfter,
      reviewedAt: log.reviewedAt,
    } satisfies CardMove,
  }));
}

export function storedResponse(json: unknown, question: QuizQuestion): QuizResponse {
  const parsed = quizResponseSchema.safeParse(json);
  return parsed.success ? parsed.data : blankResponse(question);
}

export const attemptSelect = {
  id: true,
  userId: true,
  scope: true,
  mode: true,
  conceptKeys: true,
  questionIds: true,
  seed: true,
  startedAt: true,
  submittedAt: true,
  correctCount: true,
} as const;

/** The viewer's attempt, locked until the transaction ends; another learner's attempt is "not found". */
export async function lockAttempt(tx: Tx, viewer: Viewer, attemptId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "QuizAttempt" WHERE "id" = ${attemptId} AND "userId" = ${viewer.id} FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("This quiz does not exist, or it is not yours.");
  return tx.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: attemptSelect });
}
