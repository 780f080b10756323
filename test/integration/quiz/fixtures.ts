import type { Db } from "@/lib/db/client";
import type { Viewer } from "@/lib/db/users";
import { optionOrder } from "@/lib/quiz/shuffle";

/**
 * A small course for quiz tests. Concept "a" has cards a1..a3, a retired card, and four questions in this
 * order: single (tests a1, a2 and the retired card), a retired single, multiple (tests a2, a3), numeric
 * (tests a3). Concept "b" has card b1 and one single question; concept "empty" has no questions; concept "gone"
 * is retired.
 */
export interface QuizFixture {
  ada: Viewer;
  bob: Viewer;
  cards: Record<"a1" | "a2" | "a3" | "b1" | "retired", string>;
  questions: Record<"single" | "retired" | "multiple" | "numeric" | "bSingle", string>;
}

const RETIRED_AT = new Date("2026-01-01T00:00:00Z");

export async function quizFixture(db: Db): Promise<QuizFixture> {
  const user = (email: string, name: string): Promise<Viewer> =>
    db.user.create({
      data: { email, name, passwordHash: "x", role: "STUDENT", settings: { create: { timezone: "Europe/Berlin" } } },
      select: { id: true, email: true, name: true, role: true },
    });
  const ada = await user("ada@quiz.example", "Ada");
  const bob = await user("bob@quiz.example", "Bob");
  const concept = (key: string, order: number, retiredAt: Date | null = null) =>
    db.concept.create({
      data: { key, title: `Concept ${key}`, group: "Foundations", order, summary: "s", sourceFile: `${key}.md`, contentHash: "h", retiredAt },
      select: { id: true },
    });
  const a = await concept("a", 1);
  const b = await concept("b", 2);
  await concept("empty", 3);
  const gone = await concept("gone", 4, RETIRED_AT);

  const card = async (key: string, conceptId: string, retiredAt: Date | null = null) =>
    (
      await db.card.create({
        data: { key, conceptId, kind: "BASIC", front: `Front of ${key}`, back: `Back of ${key}`, position: 0, contentHash: "h", retiredAt },
        select: { id: true },
      })
    ).id;
  const cards = {
    a1: await card("a1", a.id),
    a2: await card("a2", a.id),
    a3: await card("a3", a.id),
    b1: await card("b1", b.id),
    retired: await card("a-old", a.id, RETIRED_AT),
  };
  await card("g1", gone.id);

  const question = async (
    key: string,
    conceptId: string,
    position: number,
    data: { kind: "SINGLE" | "MULTIPLE" | "NUMERIC"; options?: { text: string; correct: boolean }[]; answer?: number; tolerance?: number },
    cardIds: string[],
    retiredAt: Date | null = null,
  ) => {
    const q = await db.question.create({
      data: {
        key,
        conceptId,
        position,
        prompt: `Prompt of ${key}`,
        explanation: `Explanation of ${key}: the reason.`,
        contentHash: "h",
        retiredAt,
        kind: data.kind,
        options: data.options,
        answer: data.answer ?? null,
        tolerance: data.tolerance ?? null,
        unit: data.kind === "NUMERIC" ? "steps" : null,
        cards: { create: cardIds.map((cardId) => ({ cardId })) },
      },
      select: { id: true },
    });
    return q.id;
  };
  const four = (right: number) => [0, 1, 2, 3].map((i) => ({ text: `Option ${i}`, correct: i === right }));
  const questions = {
    single: await question("a-single", a.id, 0, { kind: "SINGLE", options: four(1) }, [cards.a1, cards.a2, cards.retired]),
    retired: await question("a-retired", a.id, 1, { kind: "SINGLE", options: four(0) }, [cards.a1], RETIRED_AT),
    multiple: await question(
      "a-multiple",
      a.id,
      2,
      { kind: "MULTIPLE", options: [0, 1, 2, 3, 4].map((i) => ({ text: `Choice ${i}`, correct: i === 0 || i === 3 })) },
      [cards.a2, cards.a3],
    ),
    numeric: await question("a-numeric", a.id, 3, { kind: "NUMERIC", answer: 16, tolerance: 0.5 }, [cards.a3]),
    bSingle: await question("b-single", b.id, 0, { kind: "SINGLE", options: four(2) }, [cards.b1]),
  };
  return { ada, bob, cards, questions };
}

/** The displayed indexes of content options `contentIndexes` in an attempt with `seed`. */
export function displayed(seed: number, questionId: string, optionCount: number, contentIndexes: number[]): number[] {
  const order = optionOrder(seed, questionId, optionCount);
  return contentIndexes.map((i) => order.indexOf(i));
}
