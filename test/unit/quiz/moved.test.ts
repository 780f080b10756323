import { describe, expect, it } from "vitest";

import { cardLabelHtml, formatDue, summarizeMoves, type CardMove } from "@/lib/quiz/moved";

const NOW = new Date("2026-03-03T08:10:00Z");
const MIN = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const describeCard = (cardId: string) => ({ cardKey: `key-${cardId}`, labelHtml: cardId });

describe("moved cards", () => {
  it("gives one line per card: state before the first rating, due date after the last", () => {
    const moves: CardMove[] = [
      { cardId: "c1", rating: 1, stateBefore: "REVIEW", dueBefore: at(5 * DAY), dueAfter: at(10 * MIN), reviewedAt: NOW },
      { cardId: "c2", rating: 3, stateBefore: "NEW", dueBefore: null, dueAfter: at(10 * MIN), reviewedAt: NOW },
      { cardId: "c1", rating: 3, stateBefore: "RELEARNING", dueBefore: at(10 * MIN), dueAfter: at(DAY), reviewedAt: NOW },
    ];
    const lines = summarizeMoves(moves, describeCard, "UTC");
    expect(lines.map((l) => l.cardId)).toEqual(["c1", "c2"]);
    expect(lines[0]).toMatchObject({
      cardKey: "key-c1",
      ratings: ["Again", "Good"],
      wasNew: false,
      dueBefore: at(5 * DAY).toISOString(),
      dueAfter: at(DAY).toISOString(),
      intervalLabel: "1d",
      sooner: true,
    });
    expect(lines[1]).toMatchObject({ ratings: ["Good"], wasNew: true, dueBefore: null, intervalLabel: "10m", sooner: false });
  });

  it("writes due dates in the learner's time zone", () => {
    expect(formatDue(NOW, "UTC")).toBe("Tue 3 Mar 2026, 08:10");
    expect(formatDue(NOW, "Europe/Berlin")).toBe("Tue 3 Mar 2026, 09:10");
    expect(formatDue(NOW, "America/New_York")).toBe("Tue 3 Mar 2026, 03:10");
    expect(formatDue(NOW, "Not/AZone")).toBe("Tue 3 Mar 2026, 08:10");
  });

  it("labels cloze cards with their deletions hidden", () => {
    const html = cardLabelHtml("CLOZE", "L1 drives weights to {{c1::exactly zero}}.");
    expect(html).toContain("[...]");
    expect(html).not.toContain("exactly zero");
    expect(cardLabelHtml("BASIC", "What is $w$?")).toContain("katex");
  });
});
