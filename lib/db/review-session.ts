import "server-only";

import { clozeBack, clozeFront } from "@/lib/content/cloze";
import { renderInline } from "@/lib/content/render";
import { ForbiddenError } from "@/lib/errors";
import type {
  GradeRequest,
  GradeResponse,
  ReviewCardDto,
  ReviewSessionDto,
  UndoRequest,
  UndoResponse,
} from "@/lib/review/api-schema";
import { previewIntervals, RATINGS, type MemoryState, type QueueKind, type SchedulerSettings } from "@/lib/srs";

import { db } from "./client";
import { loadQueue, type LoadedQueue } from "./queue";
import { recordReview } from "./reviews";
import { undoReview } from "./review-undo";
import { toSchedulerSettings } from "./settings";
import type { Viewer } from "./users";

/** Cards sent with each response: enough to keep going while the next response is on its way. */
export const SESSION_SLICE = 8;

interface RenderedSides {
  frontHtml: string;
  backHtml: string;
  extraHtml: string | null;
}

// Rendering Markdown and KaTeX costs milliseconds per card and card text rarely changes, so each card's HTML
// is kept per content hash (an edit makes a new key). Bounded: the oldest entry goes first.
const rendered = new Map<string, RenderedSides>();
const MAX_RENDERED = 2000;

function renderSides(card: { id: string; kind: "BASIC" | "CLOZE"; front: string; back: string; extra: string | null; contentHash: string }): RenderedSides {
  const key = `${card.id}:${card.contentHash}`;
  const hit = rendered.get(key);
  if (hit) return hit;
  const sides: RenderedSides =
    card.kind === "CLOZE"
      ? {
          frontHtml: renderInline(clozeFront(card.front)),
          backHtml: renderInline(clozeBack(card.front)),
          extraHtml: card.extra ? renderInline(card.extra) : null,
        }
      : { frontHtml: renderInline(card.front), backHtml: renderInline(card.back), extraHtml: card.extra ? renderInline(card.extra) : null };
  if (rendered.size >= MAX_RENDERED) {
    const oldest = rendered.keys().next();
    if (!oldest.done) rendered.delete(oldest.value);
  }
  rendered.set(key, sides);
  return sides;
}

/** `/labs/<key>?<preset as URL params>&from=review`: the lab reads `from=review` to offer the way back. */
export function labHref(labKey: string, config: unknown): string {
  const params = new URLSearchParams();
  if (config && typeof config === "object" && !Array.isArray(config)) {
    for (const [name, value] of Object.entries(config as Record<string, unknown>)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") params.set(name, String(value));
    }
  }
  params.set("from", "review");
  return `/labs/${encodeURIComponent(labKey)}?${params.toString()}`;
}

/** Review-screen DTOs for these cards, in the given order, with each button's interval at `now`. */
async function reviewCards(
  items: readonly { cardId: string; kind: QueueKind; memory: MemoryState }[],
  settings: SchedulerSettings,
  now: Date,
): Promise<ReviewCardDto[]> {
  if (items.length === 0) return [];
  const cards = await db().card.findMany({
    where: { id: { in: items.map((i) => i.cardId) } },
    select: {
      id: true,
      key: true,
      kind: true,
      front: true,
      back: true,
      extra: true,
      labKey: true,
      labConfig: true,
      contentHash: true,
      concept: { select: { key: true, title: true } },
    },
  });
  const labKeys = [...new Set(cards.flatMap((c) => (c.labKey ? [c.labKey] : [])))];
  const labs =
    labKeys.length === 0
      ? []
      : await db().lab.findMany({ where: { key: { in: labKeys }, retiredAt: null }, select: { key: true, title: true } });
  const labTitle = new Map(labs.map((l) => [l.key, l.title]));
  const byId = new Map(cards.map((c) => [c.id, c]));

  return items.flatMap(({ cardId, kind, memory }) => {
    const card = byId.get(cardId);
    if (!card) return [];
    // A grade dated a moment ahead (another tab) leaves lastReview past `now`; preview from that moment instead.
    const at = memory.lastReview && memory.lastReview > now ? memory.lastReview : now;
    const previews = previewIntervals(memory, at, settings);
    const title = card.labKey ? labTitle.get(card.labKey) : undefined;
    return [
      {
        cardId,
        cardKey: card.key,
        kind,
        conceptKey: card.concept.key,
        conceptTitle: card.concept.title,
        ...renderSides(card),
        lab: card.labKey && title ? { title, href: labHref(card.labKey, card.labConfig) } : null,
        previews: RATINGS.map((rating) => ({ rating, label: previews[rating].label })),
      },
    ];
  });
}

async function sessionFrom(loaded: LoadedQueue, now: Date, size: number): Promise<ReviewSessionDto> {
  const { queue, memory, settings } = loaded;
  const slice = queue.items.slice(0, size).flatMap((item) => {
    const m = memory.get(item.cardId);
    return m ? [{ cardId: item.cardId, kind: item.kind, memory: m }] : [];
  });
  return {
    counts: queue.counts,
    cards: await reviewCards(slice, toSchedulerSettings(settings), now),
    reviewedToday: queue.reviewedToday,
    newToday: queue.newToday,
    nextLearningDue: queue.nextLearningDue?.toISOString() ?? null,
    nextDue: queue.nextDue?.toISOString() ?? null,
    dayEnd: queue.day.end.toISOString(),
    collectionSize: queue.collectionSize,
    newInCollection: queue.newInCollection,
    limits: queue.limits,
  };
}

/** The viewer's review session at `now`: counts and the first cards of today's queue, rendered. */
export async function reviewSession(viewer: Viewer, now: Date, size = SESSION_SLICE): Promise<ReviewSessionDto> {
  return sessionFrom(await loadQueue(viewer.id, now), now, size);
}

/**
 * Grades one card from the review screen (source REVIEW) through `recordReview` and returns the outcome. A
 * retried request (same event id) changes nothing and answers the same.
 *
 * @throws ForbiddenError when the body names another learner; see `recordReviews` for the rest
 */
export async function gradeCard(viewer: Viewer, input: GradeRequest, now: Date): Promise<GradeResponse> {
  if (input.userId !== undefined && input.userId !== viewer.id) {
    throw new ForbiddenError("You can only grade your own cards.");
  }
  const outcome = await recordReview(
    {
      userId: viewer.id,
      cardId: input.cardId,
      rating: input.rating,
      source: "REVIEW",
      reviewedAt: input.reviewedAt ? new Date(input.reviewedAt) : now,
      clientEventId: input.clientEventId,
      durationMs: input.durationMs ?? null,
    },
    { now },
  );
  return {
    outcome: {
      logId: outcome.logId,
      cardId: outcome.cardId,
      rating: outcome.rating,
      dueAfter: outcome.dueAfter.toISOString(),
      stateAfter: outcome.stateAfter,
      duplicate: outcome.duplicate,
    },
  };
}

/**
 * Undoes the viewer's latest grade of a card (see `undoReview`) and returns the card, to show again first,
 * with the session as it stands after the undo.
 */
export async function undoGrade(viewer: Viewer, input: UndoRequest, now: Date): Promise<UndoResponse> {
  const undone = await undoReview(viewer, input, now);
  const loaded = await loadQueue(viewer.id, now);
  const row = await db().cardState.findUnique({
    where: { userId_cardId: { userId: viewer.id, cardId: undone.cardId } },
    select: {
      state: true, due: true, stability: true, difficulty: true, elapsedDays: true, scheduledDays: true,
      learningSteps: true, reps: true, lapses: true, lastReview: true,
    },
  });
  const kind: QueueKind = undone.state === "NEW" ? "new" : undone.state === "REVIEW" ? "review" : "learning";
  const [card] = row
    ? await reviewCards([{ cardId: undone.cardId, kind, memory: row }], toSchedulerSettings(loaded.settings), now)
    : [];
  return { card: card ?? null, session: await sessionFrom(loaded, now, SESSION_SLICE) };
}
