import { describe, expect, it } from "vitest";

import { CONCEPT_GROUPS } from "@/lib/content/schema";
import { cardSides, conceptMastery, groupConcepts } from "@/lib/db/concepts";
import { type MemoryState, newMemoryState, retrievability } from "@/lib/srs";

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;

function reviewed(daysAgo: number, stability: number): MemoryState {
  return {
    ...newMemoryState(NOW),
    state: "REVIEW",
    stability,
    difficulty: 5,
    reps: 1,
    lastReview: new Date(NOW.getTime() - daysAgo * DAY),
  };
}

describe("conceptMastery", () => {
  it("is null when no card has been reviewed, including when there are no cards", () => {
    expect(conceptMastery([], 4, NOW, null)).toBeNull();
    expect(conceptMastery([newMemoryState(NOW), newMemoryState(NOW)], 4, NOW, null)).toBeNull();
  });

  it("is the mean retrievability, with new cards counting zero", () => {
    const a = reviewed(2, 4);
    const b = reviewed(10, 4);
    const mastery = conceptMastery([a, b, newMemoryState(NOW)], 3, NOW, null);
    expect(mastery).toBeCloseTo((retrievability(a, NOW, null) + retrievability(b, NOW, null)) / 3, 12);
  });

  it("counts the concept's cards outside the collection as not yet learned", () => {
    const a = reviewed(2, 4);
    expect(conceptMastery([a], 4, NOW, null)).toBeCloseTo(retrievability(a, NOW, null) / 4, 12);
  });

  it("is 0.9 for a card reviewed exactly one stability ago (the definition of stability)", () => {
    expect(conceptMastery([reviewed(5, 5)], 1, NOW, null)).toBeCloseTo(0.9, 6);
  });

  it("falls as time passes and is higher for more stable memories", () => {
    const later = new Date(NOW.getTime() + 7 * DAY);
    const memories = [reviewed(1, 3)];
    expect(conceptMastery(memories, 1, later, null)).toBeLessThan(conceptMastery(memories, 1, NOW, null) ?? 0);
    expect(conceptMastery([reviewed(3, 30)], 1, NOW, null)).toBeGreaterThan(conceptMastery([reviewed(3, 3)], 1, NOW, null) ?? 1);
  });
});

describe("groupConcepts", () => {
  it("orders groups as the course does, concepts by order then key, and leaves out empty groups", () => {
    const concepts = [
      { key: "gan", group: "Generative models", order: 1 },
      { key: "adam", group: "Optimization", order: 5 },
      { key: "sgd", group: "Optimization", order: 2 },
      { key: "momentum", group: "Optimization", order: 2 },
      { key: "neurons", group: "Foundations", order: 1 },
      { key: "odd", group: "Not a course group", order: 0 },
    ];
    const groups = groupConcepts(concepts);
    expect(groups.map((g) => g.group)).toEqual(["Foundations", "Optimization", "Generative models", "Not a course group"]);
    expect(groups[1]?.concepts.map((c) => c.key)).toEqual(["momentum", "sgd", "adam"]);
    const known = groups.map((g) => g.group).filter((g) => (CONCEPT_GROUPS as readonly string[]).includes(g));
    expect(known).toEqual(CONCEPT_GROUPS.filter((g) => known.includes(g)));
  });
});

describe("cardSides", () => {
  it("keeps a basic card's sides and turns a cloze card into hidden and revealed sides", () => {
    expect(cardSides({ kind: "BASIC", front: "Q?", back: "A." })).toEqual({ front: "Q?", back: "A." });
    expect(cardSides({ kind: "CLOZE", front: "ReLU is {{c1::max(0, x)::a formula}}.", back: "" })).toEqual({
      front: "ReLU is [a formula].",
      back: "ReLU is **max(0, x)**.",
    });
  });
});
