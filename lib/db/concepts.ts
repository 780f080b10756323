import "server-only";

import { clozeBack, clozeFront } from "@/lib/content/cloze";
import { renderInline, renderMarkdown } from "@/lib/content/render";
import { CONCEPT_GROUPS } from "@/lib/content/schema";
import { NotFoundError } from "@/lib/errors";
import { learnerWeights } from "@/lib/progress/mastery";
import { type CardStateName, type MemoryState, retrievability } from "@/lib/srs";

import { db } from "./client";
import { Prisma } from "./generated/client";
import { memoryFromRow, type MemoryRow } from "./memory-row";
import type { Viewer } from "./users";

/** A learner's standing on one concept. */
export interface ConceptProgress {
  /** Live cards of the concept in the learner's collection. */
  inCollection: number;
  /** Mean retrievability now over those cards (NEW ones count 0); null while none of them has been reviewed. */
  mastery: number | null;
}

export interface ConceptListItem {
  key: string;
  title: string;
  cardCount: number;
  questionCount: number;
  labKeys: string[];
  /** Null for instructors: progress is a student's own. */
  progress: ConceptProgress | null;
}

export interface ConceptIndexGroup {
  group: string;
  concepts: ConceptListItem[];
}

export interface ConceptIndex {
  /** True when the viewer is a student, so each concept carries their progress. */
  showProgress: boolean;
  groups: ConceptIndexGroup[];
}

/** A card as the concept page shows it: both sides as sanitized HTML. */
export interface ConceptCardView {
  id: string;
  key: string;
  kind: "BASIC" | "CLOZE";
  frontHtml: string;
  backHtml: string;
  extraHtml: string | null;
  labKey: string | null;
  /** The viewer's memory of the card; null when it is not in their collection (always null for instructors). */
  review: { state: CardStateName; due: Date; retrievability: number | null } | null;
}

export interface RelatedConcept {
  key: string;
  title: string;
  group: string;
  /** The viewer's mastery (null for instructors and for concepts not yet reviewed). */
  mastery: number | null;
}

export interface ConceptPageDto {
  key: string;
  title: string;
  group: string;
  summaryHtml: string;
  cards: ConceptCardView[];
  questionCount: number;
  labs: { key: string; title: string }[];
  prerequisites: RelatedConcept[];
  /** Live concepts that list this one as a prerequisite. */
  dependents: RelatedConcept[];
  /** The student's progress on this concept and the time zone to show their dates in; null for instructors. */
  progress: (ConceptProgress & { timezone: string }) | null;
}

// ---- Pure helpers (exported for tests) ----

/**
 * Concept mastery: the mean retrievability at `at` over ALL `cardCount` live cards of the concept, the same
 * definition the instructor dashboard uses. Cards not in the collection and NEW cards count 0 (not yet learned),
 * so adding a concept's cards does not raise its mastery until they are learned. Null when none of the given
 * memories has been reviewed yet.
 */
export function conceptMastery(
  memories: readonly MemoryState[],
  cardCount: number,
  at: Date,
  weights: readonly number[] | null,
): number | null {
  if (!memories.some((m) => m.lastReview !== null && m.state !== "NEW")) return null;
  let sum = 0;
  for (const memory of memories) sum += retrievability(memory, at, weights);
  return sum / Math.max(cardCount, memories.length);
}

/** Rank of a group in the course's order; groups the schema does not know come last. */
function groupRank(group: string): number {
  const index = (CONCEPT_GROUPS as readonly string[]).indexOf(group);
  return index === -1 ? CONCEPT_GROUPS.length : index;
}

/**
 * Groups concepts in the order of `CONCEPT_GROUPS` (unknown groups after them, by name), each group sorted by
 * the concepts' `order` then key. Empty groups are left out.
 */
export function groupConcepts<T extends { key: string; group: string; order: number }>(
  concepts: readonly T[],
): { group: string; concepts: T[] }[] {
  const byGroup = new Map<string, T[]>();
  for (const concept of concepts) {
    const list = byGroup.get(concept.group);
    if (list) list.push(concept);
    else byGroup.set(concept.group, [concept]);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => groupRank(a) - groupRank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, list]) => ({
      group,
      concepts: [...list].sort((a, b) => a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    }));
}

/** The Markdown of each side of a card: a cloze card's front hides its deletions, its back shows them. */
export function cardSides(card: { kind: "BASIC" | "CLOZE"; front: string; back: string }): { front: string; back: string } {
  return card.kind === "CLOZE"
    ? { front: clozeFront(card.front), back: clozeBack(card.front) }
    : { front: card.front, back: card.back };
}

// ---- Rendering cache ----

// Rendering Markdown with KaTeX is pure but not cheap; content changes only on a sync, which changes the hash.
const RENDER_CACHE_LIMIT = 2000;
const renderCache = new Map<string, string>();

function cachedRender(cacheKey: string, render: () => string): string {
  const hit = renderCache.get(cacheKey);
  if (hit !== undefined) return hit;
  const html = render();
  if (renderCache.size >= RENDER_CACHE_LIMIT) {
    const oldest = renderCache.keys().next().value;
    if (oldest !== undefined) renderCache.delete(oldest);
  }
  renderCache.set(cacheKey, html);
  return html;
}

/** A concept summary as sanitized HTML, rendered once per key and content hash. */
export function renderSummary(key: string, contentHash: string, summary: string): string {
  return cachedRender(`concept:${key}:${contentHash}`, () => renderMarkdown(summary));
}

// ---- Queries ----

interface StateRow extends MemoryRow {
  cardId: string;
  conceptId: string;
}

/**
 * The viewer's card states on live cards, with each card's concept: one query, joined in SQL. `scope` narrows
 * it to some concepts (a condition on the joined concept `k`).
 */
async function collectionStates(userId: string, scope: Prisma.Sql = Prisma.empty) {
  const rows = await db().$queryRaw<StateRow[]>`
    SELECT s."cardId", c."conceptId", s."state"::text AS "state", s."due", s."stability", s."difficulty",
           s."elapsedDays", s."scheduledDays", s."learningSteps", s."reps", s."lapses", s."lastReview"
    FROM "CardState" s
    JOIN "Card" c ON c."id" = s."cardId"
    JOIN "Concept" k ON k."id" = c."conceptId"
    WHERE s."userId" = ${userId} AND c."retiredAt" IS NULL ${scope}`;
  return rows.map((row) => ({ cardId: row.cardId, conceptId: row.conceptId, memory: memoryFromRow(row) }));
}

async function learnerSettings(userId: string): Promise<{ weights: readonly number[] | null; timezone: string }> {
  const settings = await db().userSettings.findUnique({
    where: { userId },
    select: { fsrsWeights: true, timezone: true },
  });
  return { weights: learnerWeights(settings?.fsrsWeights), timezone: settings?.timezone ?? "UTC" };
}

/** Progress per concept id, from the viewer's states. */
function progressByConcept(
  states: readonly { conceptId: string; memory: MemoryState }[],
  cardCounts: ReadonlyMap<string, number>,
  now: Date,
  weights: readonly number[] | null,
): Map<string, ConceptProgress> {
  const memories = new Map<string, MemoryState[]>();
  for (const { conceptId, memory } of states) {
    const list = memories.get(conceptId);
    if (list) list.push(memory);
    else memories.set(conceptId, [memory]);
  }
  const out = new Map<string, ConceptProgress>();
  for (const [conceptId, list] of memories) {
    out.set(conceptId, {
      inCollection: list.length,
      mastery: conceptMastery(list, cardCounts.get(conceptId) ?? list.length, now, weights),
    });
  }
  return out;
}

const NO_PROGRESS: ConceptProgress = Object.freeze({ inCollection: 0, mastery: null });

/**
 * Every live concept, grouped in the course's order, with its counts of live cards, questions and labs, and
 * for a student their progress on it (from one query of their card states).
 */
export async function conceptIndex(viewer: Viewer, now: Date): Promise<ConceptIndex> {
  const isStudent = viewer.role === "STUDENT";
  const [concepts, states, settings] = await Promise.all([
    db().concept.findMany({
      where: { retiredAt: null },
      select: {
        id: true,
        key: true,
        title: true,
        group: true,
        order: true,
        labKeys: true,
        _count: {
          select: { cards: { where: { retiredAt: null } }, questions: { where: { retiredAt: null } } },
        },
      },
    }),
    isStudent ? collectionStates(viewer.id) : Promise.resolve([]),
    isStudent ? learnerSettings(viewer.id) : Promise.resolve(null),
  ]);
  const cardCounts = new Map(concepts.map((c) => [c.id, c._count.cards] as const));
  const progress = settings ? progressByConcept(states, cardCounts, now, settings.weights) : null;
  return {
    showProgress: isStudent,
    groups: groupConcepts(concepts).map(({ group, concepts: list }) => ({
      group,
      concepts: list.map((c) => ({
        key: c.key,
        title: c.title,
        cardCount: c._count.cards,
        questionCount: c._count.questions,
        labKeys: c.labKeys,
        progress: progress ? (progress.get(c.id) ?? NO_PROGRESS) : null,
      })),
    })),
  };
}

function notFound(key: string): NotFoundError {
  return new NotFoundError(`There is no concept "${key}" in the course. Pick one from the concept list.`);
}

/**
 * One live concept for the concept page: its rendered summary, live cards (with the viewer's memory of each),
 * question count, labs, prerequisites and dependents (each with the viewer's mastery).
 * @throws NotFoundError for an unknown or retired key
 */
export async function conceptPage(viewer: Viewer, key: string, now: Date): Promise<ConceptPageDto> {
  const concept = await db().concept.findFirst({
    where: { key, retiredAt: null },
    select: {
      id: true,
      key: true,
      title: true,
      group: true,
      summary: true,
      contentHash: true,
      prerequisiteKeys: true,
      labKeys: true,
      cards: {
        where: { retiredAt: null },
        orderBy: [{ position: "asc" }, { key: "asc" }],
        select: { id: true, key: true, kind: true, front: true, back: true, extra: true, labKey: true, contentHash: true },
      },
      _count: { select: { questions: { where: { retiredAt: null } } } },
    },
  });
  if (!concept) throw notFound(key);

  const isStudent = viewer.role === "STUDENT";
  const scopeKeys = [concept.key, ...concept.prerequisiteKeys];
  const [labs, related, states, settings] = await Promise.all([
    concept.labKeys.length
      ? db().lab.findMany({ where: { key: { in: concept.labKeys }, retiredAt: null }, select: { key: true, title: true } })
      : Promise.resolve([]),
    db().concept.findMany({
      where: {
        retiredAt: null,
        OR: [{ key: { in: concept.prerequisiteKeys } }, { prerequisiteKeys: { has: concept.key } }],
      },
      select: {
        id: true,
        key: true,
        title: true,
        group: true,
        order: true,
        prerequisiteKeys: true,
        _count: { select: { cards: { where: { retiredAt: null } } } },
      },
    }),
    isStudent
      ? collectionStates(
          viewer.id,
          Prisma.sql`AND (k."key" IN (${Prisma.join(scopeKeys)}) OR ${concept.key} = ANY(k."prerequisiteKeys"))`,
        )
      : Promise.resolve([]),
    isStudent ? learnerSettings(viewer.id) : Promise.resolve(null),
  ]);

  const cardCounts = new Map([
    [concept.id, concept.cards.length] as const,
    ...related.map((c) => [c.id, c._count.cards] as const),
  ]);
  const progress = settings ? progressByConcept(states, cardCounts, now, settings.weights) : null;
  const masteryOf = (conceptId: string) => progress?.get(conceptId)?.mastery ?? null;
  const stateOf = new Map(states.map((s) => [s.cardId, s.memory] as const));
  const toRelated = (c: (typeof related)[number]): RelatedConcept => ({
    key: c.key,
    title: c.title,
    group: c.group,
    mastery: masteryOf(c.id),
  });
  const prerequisiteOrder = new Map(concept.prerequisiteKeys.map((k, i) => [k, i] as const));
  const labOrder = new Map(concept.labKeys.map((k, i) => [k, i] as const));

  return {
    key: concept.key,
    title: concept.title,
    group: concept.group,
    summaryHtml: renderSummary(concept.key, concept.contentHash, concept.summary),
    cards: concept.cards.map((card) => {
      const memory = stateOf.get(card.id);
      const sides = cardSides(card);
      return {
        id: card.id,
        key: card.key,
        kind: card.kind,
        frontHtml: cachedRender(`card-front:${card.key}:${card.contentHash}`, () => renderInline(sides.front)),
        backHtml: cachedRender(`card-back:${card.key}:${card.contentHash}`, () => renderInline(sides.back)),
        extraHtml: card.extra
          ? cachedRender(`card-extra:${card.key}:${card.contentHash}`, () => renderInline(card.extra ?? ""))
          : null,
        labKey: card.labKey,
        review: memory
          ? {
              state: memory.state,
              due: memory.due,
              retrievability: memory.lastReview ? retrievability(memory, now, settings?.weights ?? null) : null,
            }
          : null,
      };
    }),
    questionCount: concept._count.questions,
    labs: [...labs].sort((a, b) => (labOrder.get(a.key) ?? 0) - (labOrder.get(b.key) ?? 0)),
    prerequisites: related
      .filter((c) => prerequisiteOrder.has(c.key))
      .sort((a, b) => (prerequisiteOrder.get(a.key) ?? 0) - (prerequisiteOrder.get(b.key) ?? 0))
      .map(toRelated),
    dependents: groupConcepts(related.filter((c) => c.prerequisiteKeys.includes(concept.key)))
      .flatMap((g) => g.concepts)
      .map(toRelated),
    progress:
      progress && settings
        ? { ...(progress.get(concept.id) ?? NO_PROGRESS), timezone: settings.timezone }
        : null,
  };
}

/**
 * The ids of a live concept's live cards, for "add all to my reviews".
 * @throws NotFoundError for an unknown or retired key
 */
export async function conceptCardIds(key: string): Promise<string[]> {
  const concept = await db().concept.findFirst({
    where: { key, retiredAt: null },
    select: { cards: { where: { retiredAt: null }, orderBy: [{ position: "asc" }, { key: "asc" }], select: { id: true } } },
  });
  if (!concept) throw notFound(key);
  return concept.cards.map((c) => c.id);
}
