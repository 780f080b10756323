import { randomUUID } from "node:crypto";

import type { Db } from "@/lib/db/client";
import type { Viewer } from "@/lib/db/users";

/**
 * A small course: three concepts (b requires a, c requires b), cards in each, one retired card. Concept c comes
 * first in course order, so only the prerequisite rule keeps its cards back.
 */
export interface ReviewFixture {
  ada: Viewer;
  bob: Viewer;
  conceptIds: Record<"a" | "b" | "c", string>;
  /** Live cards by key: a1..a3, b1..b3, c1..c2. */
  cards: Record<string, string>;
  retiredCardId: string;
}

/** Creates the fixture course and two students (Ada with a UTC settings row, Bob with none). */
export async function reviewFixture(db: Db): Promise<ReviewFixture> {
  const user = async (email: string, name: string, settings: boolean): Promise<Viewer> =>
    db.user.create({
      data: { email, name, passwordHash: "x", role: "STUDENT", ...(settings ? { settings: { create: { timezone: "UTC" } } } : {}) },
      select: { id: true, email: true, name: true, role: true },
    });
  const ada = await user("ada@test.example", "Ada", true);
  const bob = await user("bob@test.example", "Bob", false);
  const concept = (key: string, order: number, prerequisiteKeys: string[]) =>
    db.concept.create({
      data: { key, title: `Concept ${key.toUpperCase()}`, group: "Foundations", order, summary: "s", prerequisiteKeys, sourceFile: `${key}.md`, contentHash: "h" },
      select: { id: true },
    });
  const a = await concept("a", 1, []);
  const b = await concept("b", 2, ["a"]);
  const c = await concept("c", 0, ["b"]);
  const conceptIds = { a: a.id, b: b.id, c: c.id };
  const cards: Record<string, string> = {};
  const spec: [keyof typeof conceptIds, number][] = [["a", 3], ["b", 3], ["c", 2]];
  for (const [k, n] of spec) {
    for (let i = 1; i <= n; i++) {
      const card = await db.card.create({
        data: { key: `${k}${i}`, conceptId: conceptIds[k], kind: "BASIC", front: `Front $x_${i}$ of ${k}${i}`, back: `Back of ${k}${i}`, position: i - 1, contentHash: "h" },
        select: { id: true },
      });
      cards[`${k}${i}`] = card.id;
    }
  }
  const retired = await db.card.create({
    data: { key: "a-old", conceptId: a.id, kind: "BASIC", front: "old", back: "old", position: 9, contentHash: "h", retiredAt: new Date("2026-01-01T00:00:00Z") },
    select: { id: true },
  });
  return { ada, bob, conceptIds, cards, retiredCardId: retired.id };
}

/** A fresh client event id. */
export const eventId = (): string => randomUUID();

/** A card id from the fixture, failing loudly for a typo. */
export function cardId(f: ReviewFixture, key: string): string {
  const id = f.cards[key];
  if (!id) throw new Error(`no fixture card ${key}`);
  return id;
}
