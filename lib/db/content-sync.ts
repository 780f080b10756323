import "server-only";

import type { Course, CourseCard, CourseConcept, CourseLab, CourseQuestion } from "@/lib/content/course";
import { planSync, type SyncPlan, SYNC_TABLES } from "@/lib/content/sync-plan";

import { db } from "./client";
import type { Prisma } from "./generated/client";


export interface SyncReport {
  plan: SyncPlan;
  /** Rows created, updated or retired, all tables together: 0 when the database already matched. */
  writes: number;
}

const conceptData = (c: CourseConcept) => ({
  title: c.title,
  group: c.group,
  order: c.order,
  summary: c.summary,
  prerequisiteKeys: c.prerequisites,
  labKeys: c.labs,
  sourceFile: c.source.file,
  contentHash: c.contentHash,
  retiredAt: null,
});

const labData = (l: CourseLab) => ({
  title: l.title,
  summary: l.summary,
  predictions: l.predictions as unknown as Prisma.InputJsonValue,
  contentHash: l.contentHash,
  retiredAt: null,
});

function cardData(c: CourseCard, conceptId: string, position: number) {
  return {
    conceptId,
    kind: c.kind === "basic" ? ("BASIC" as const) : ("CLOZE" as const),
    front: c.kind === "basic" ? c.front : c.text,
    back: c.kind === "basic" ? c.back : "",
    extra: c.kind === "cloze" ? (c.extra ?? null) : null,
    labKey: c.lab?.key ?? null,
    labConfig: c.lab ? (c.lab.config as Prisma.InputJsonValue) : undefined,
    position,
    contentHash: c.contentHash,
    retiredAt: null,
  };
}

function questionData(q: CourseQuestion, conceptId: string, position: number) {
  return {
    conceptId,
    kind: q.kind === "single" ? ("SINGLE" as const) : q.kind === "multiple" ? ("MULTIPLE" as const) : ("NUMERIC" as const),
    prompt: q.prompt,
    options: q.kind === "numeric" ? undefined : (q.options as unknown as Prisma.InputJsonValue),
    answer: q.kind === "numeric" ? q.answer : null,
    tolerance: q.kind === "numeric" ? q.tolerance : null,
    unit: q.kind === "numeric" ? (q.unit ?? null) : null,
    explanation: q.explanation,
    position,
    contentHash: q.contentHash,
    retiredAt: null,
  };
}

/** Position of each item within its concept's file, so cards and questions keep the author's order. */
function positions<T extends { key: string; conceptKey: string }>(items: readonly T[]): Map<string, number> {
  const seen = new Map<string, number>();
  const out = new Map<string, number>();
  for (const item of items) {
    const n = seen.get(item.conceptKey) ?? 0;
    out.set(item.key, n);
    seen.set(item.conceptKey, n + 1);
  }
  return out;
}

/**
 * Upserts the course into the database by stable key, in one transaction. Editing an item updates its row in
 * place (its id, and so its review history, stays); an item removed from the content is retired (it leaves every
 * queue and quiz, its logs stay) and comes back live if it returns. Items whose content hash is unchanged are not
 * written at all, so a second run with no change writes nothing.
 */
export async function syncCourse(course: Course, now: Date): Promise<SyncReport> {
  return db().$transaction(
    async (tx) => {
      const select = { key: true, contentHash: true, retiredAt: true } as const;
      const [concepts, cards, questions, labs] = await Promise.all([
        tx.concept.findMany({ select }),
        tx.card.findMany({ select }),
        tx.question.findMany({ select }),
        tx.lab.findMany({ select }),
      ]);
      const plan = planSync(course, { concepts, cards, questions, labs });
      let writes = 0;

      writes += await applyTable(tx.concept, plan.concepts, course.concepts, conceptData, now);
      writes += await applyTable(tx.lab, plan.labs, course.labs, labData, now);

      const conceptIds = new Map(
        (await tx.concept.findMany({ select: { id: true, key: true } })).map((c) => [c.key, c.id] as const),
      );
      const idOf = (key: string) => {
        const id = conceptIds.get(key);
        if (!id) throw new Error(`Concept "${key}" is missing; run content:check.`);
        return id;
      };
      const cardPos = positions(course.cards);
      writes += await applyTable(tx.card, plan.cards, course.cards, (c) => cardData(c, idOf(c.conceptKey), cardPos.get(c.key) ?? 0), now);

      const questionPos = positions(course.questions);
      writes += await applyTable(
        tx.question,
        plan.questions,
        course.questions,
        (q) => questionData(q, idOf(q.conceptKey), questionPos.get(q.key) ?? 0),
        now,
      );
      // The cards each written question tests.
      const touched = [...plan.questions.create, ...plan.questions.update];
      if (touched.length > 0) {
        const cardIds = new Map((await tx.card.findMany({ select: { id: true, key: true } })).map((c) => [c.key, c.id] as const));
        const questionRows = await tx.question.findMany({ where: { key: { in: touched } }, select: { id: true, key: true } });
        const byKey = new Map(course.questions.map((q) => [q.key, q] as const));
        await tx.questionCard.deleteMany({ where: { questionId: { in: questionRows.map((q) => q.id) } } });
        await tx.questionCard.createMany({
          data: questionRows.flatMap((row) =>
            (byKey.get(row.key)?.cards ?? []).flatMap((cardKey) => {
              const cardId = cardIds.get(cardKey);
              return cardId ? [{ questionId: row.id, cardId }] : [];
            }),
          ),
          skipDuplicates: true,
        });
      }
      return { plan, writes };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

interface Delegate<D> {
  createMany(args: { data: (D & { key: string })[] }): Promise<unknown>;
  update(args: { where: { key: string }; data: D }): Promise<unknown>;
  updateMany(args: { where: { key: { in: string[] } }; data: { retiredAt: Date } }): Promise<{ count: number }>;
}

async function applyTable<T extends { key: string }, D>(
  delegate: unknown,
  plan: SyncPlan[(typeof SYNC_TABLES)[number]],
  items: readonly T[],
  toData: (item: T) => D,
  now: Date,
): Promise<number> {
  const model = delegate as Delegate<D>;
  const byKey = new Map(items.map((i) => [i.key, i] as const));
  const get = (key: string) => {
    const item = byKey.get(key);
    if (!item) throw new Error(`Sync plan names "${key}", which is not in the content.`);
    return item;
  };
  if (plan.create.length) {
    await model.createMany({ data: plan.create.map((key) => ({ key, ...toData(get(key)) })) });
  }
  for (const key of plan.update) {
    await model.update({ where: { key }, data: toData(get(key)) });
  }
  if (plan.retire.length) {
    await model.updateMany({ where: { key: { in: plan.retire } }, data: { retiredAt: now } });
  }
  return plan.create.length + plan.update.length + plan.retire.length;
}

export class ContentInvalidError extends Error {
  constructor(readonly problems: { file: string; line: number; message: string }[]) {
    super(
      `The content has ${problems.length} problem(s); nothing was synced:\n` +
        problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n"),
    );
    this.name = "ContentInvalidError";
  }
}
