import { describe, expect, it } from "vitest";

import { DUE_SOON_DAYS, DUE_SOON_LIMIT, pickDueSoonQuestions, type DueSoonCard } from "@/lib/quiz/due-soon";

const NOW = new Date("2026-03-01T08:00:00Z");
const DAY = 86_400_000;
const card = (cardId: string, dueInDays: number, retrievability: number): DueSoonCard => ({
  cardId,
  due: new Date(NOW.getTime() + dueInDays * DAY),
  retrievability,
});

describe("due-soon question choice", () => {
  it("asks only about cards due within the window, weakest memory first", () => {
    const cards = [card("weak", 1, 0.5), card("strong", 2, 0.95), card("edge", DUE_SOON_DAYS, 0.8), card("later", DUE_SOON_DAYS + 0.01, 0.1)];
    const questions = [
      { questionId: "q-strong", cardIds: ["strong"] },
      { questionId: "q-later", cardIds: ["later"] },
      { questionId: "q-weak", cardIds: ["weak", "later"] },
      { questionId: "q-edge", cardIds: ["edge"] },
      { questionId: "q-none", cardIds: ["unknown"] },
    ];
    expect(pickDueSoonQuestions(cards, questions, NOW)).toEqual(["q-weak", "q-edge", "q-strong"]);
  });

  it("breaks ties by due date, then question id, so the choice is deterministic", () => {
    const cards = [card("a", 2, 0.7), card("b", 1, 0.7), card("c", 1, 0.7)];
    const questions = [
      { questionId: "q3", cardIds: ["a"] },
      { questionId: "q2", cardIds: ["c"] },
      { questionId: "q1", cardIds: ["b"] },
    ];
    expect(pickDueSoonQuestions(cards, questions, NOW)).toEqual(["q1", "q2", "q3"]);
    expect(pickDueSoonQuestions(cards, [...questions].reverse(), NOW)).toEqual(["q1", "q2", "q3"]);
  });

  it("covers as many due cards as it can before repeating one, and stops at the limit", () => {
    const cards = Array.from({ length: 12 }, (_, i) => card(`c${i}`, 0, i / 20));
    // Three questions on the weakest card, then one per card.
    const questions = [
      { questionId: "dup-1", cardIds: ["c0"] },
      { questionId: "dup-2", cardIds: ["c0"] },
      ...cards.map((c) => ({ questionId: `q-${c.cardId}`, cardIds: [c.cardId] })),
    ];
    const picked = pickDueSoonQuestions(cards, questions, NOW);
    expect(picked).toHaveLength(DUE_SOON_LIMIT);
    const perCard = picked.filter((id) => id === "dup-1" || id === "dup-2" || id === "q-c0");
    expect(perCard).toHaveLength(1);
    expect(new Set(picked).size).toBe(DUE_SOON_LIMIT);

    // With few questions the repeats fill the remaining places, in priority order.
    const few = pickDueSoonQuestions(cards.slice(0, 2), questions, NOW);
    expect(few).toEqual(["dup-1", "dup-2", "q-c0", "q-c1"]);
  });

  it("is empty when nothing is due soon", () => {
    expect(pickDueSoonQuestions([card("x", 10, 0.2)], [{ questionId: "q", cardIds: ["x"] }], NOW)).toEqual([]);
  });
});
