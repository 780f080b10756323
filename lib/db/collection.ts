import "server-only";

import { NotFoundError } from "@/lib/errors";

import { db } from "./client";
import type { Viewer } from "./users";

export interface IntroduceResult {
  /** Cards that entered the collection now, as NEW cards due at `now`. */
  added: string[];
  /** Live cards that were in the collection already (left as they are). */
  alreadyInCollection: number;
  /** Retired cards, which are never added. */
  skippedRetired: number;
}

/**
 * "Add to my reviews": puts live cards into the viewer's collection as NEW cards due at `now`. Cards already
 * there keep their state; retired cards (or cards of a retired concept) are skipped. Idempotent: a second call
 * adds nothing. Writes only CardState rows with no review, so it needs no scheduling.
 *
 * @throws NotFoundError when an id names no card
 */
export async function introduceCards(viewer: Viewer, cardIds: readonly string[], now: Date): Promise<IntroduceResult> {
  const ids = [...new Set(cardIds)].sort();
  if (ids.length === 0) return { added: [], alreadyInCollection: 0, skippedRetired: 0 };
  const cards = await db().card.findMany({
    where: { id: { in: ids } },
    select: { id: true, retiredAt: true, concept: { select: { retiredAt: true } } },
  });
  if (cards.length !== ids.length) throw new NotFoundError("Some of these cards do not exist. Reload the page and try again.");
  const live = cards.filter((c) => c.retiredAt === null && c.concept.retiredAt === null).map((c) => c.id).sort();
  // Sorted so that concurrent calls insert in the same order and cannot deadlock on the unique index.
  const created = await db().cardState.createManyAndReturn({
    data: live.map((cardId) => ({ userId: viewer.id, cardId, due: now, introducedAt: now })),
    skipDuplicates: true,
    select: { cardId: true },
  });
  return {
    added: created.map((c) => c.cardId),
    alreadyInCollection: live.length - created.length,
    skippedRetired: ids.length - live.length,
  };
}

/**
 * Adds every live card of the named live concepts to the viewer's collection (see `introduceCards`).
 * Unknown or retired concept keys are ignored: a concept list on a page may be a moment out of date.
 */
export async function introduceConcepts(viewer: Viewer, conceptKeys: readonly string[], now: Date): Promise<IntroduceResult> {
  if (conceptKeys.length === 0) return { added: [], alreadyInCollection: 0, skippedRetired: 0 };
  const cards = await db().card.findMany({
    where: { retiredAt: null, concept: { key: { in: [...conceptKeys] }, retiredAt: null } },
    select: { id: true },
  });
  return introduceCards(viewer, cards.map((c) => c.id), now);
}

/** Keys of the live concepts of one course group (e.g. "Foundations"), in course order. */
export async function conceptKeysOfGroup(group: string): Promise<string[]> {
  const rows = await db().concept.findMany({
    where: { group, retiredAt: null },
    orderBy: [{ order: "asc" }, { key: "asc" }],
    select: { key: true },
  });
  return rows.map((r) => r.key);
}

/** How many live cards the viewer has in their collection. */
export async function collectionSize(viewer: Viewer): Promise<number> {
  return db().cardState.count({
    where: { userId: viewer.id, card: { retiredAt: null, concept: { retiredAt: null } } },
  });
}
