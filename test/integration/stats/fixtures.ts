import type { Db } from "@/lib/db/client";

/** Small rows for data-layer tests that need cards, states and logs without going through the write path. */

let counter = 0;
const uuid = (): string => {
  counter++;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
};

export async function createStudent(
  db: Db,
  email: string,
  settings: { timezone?: string; dayStartHour?: number; learningSteps?: string[]; relearningSteps?: string[] } = {},
  role: "STUDENT" | "INSTRUCTOR" = "STUDENT",
) {
  return db.user.create({
    data: { email, name: email.split("@")[0] ?? email, passwordHash: "x", role, settings: { create: settings } },
    select: { id: true, email: true, name: true, role: true },
  });
}

/** A concept with `count` cards; returns the card ids in order. */
export async function createCards(db: Db, prefix: string, count: number): Promise<string[]> {
  const concept = await db.concept.create({
    data: {
      key: `${prefix}-concept`,
      title: `${prefix} concept`,
      group: "Tests",
      order: 1,
      summary: "",
      prerequisiteKeys: [],
      labKeys: [],
      sourceFile: "test",
      contentHash: "h",
    },
    select: { id: true },
  });
  await db.card.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      key: `${prefix}-card-${i}`,
      conceptId: concept.id,
      kind: "BASIC" as const,
      front: `Front ${i}`,
      back: `Back ${i}`,
      position: i,
      contentHash: "h",
    })),
  });
  const cards = await db.card.findMany({
    where: { conceptId: concept.id },
    select: { id: true },
    orderBy: { position: "asc" },
  });
  return cards.map((c) => c.id);
}

export interface LogFixture {
  cardId: string;
  rating: number;
  reviewedAt: Date;
  stateBefore?: "NEW" | "LEARNING" | "REVIEW" | "RELEARNING";
  durationMs?: number | null;
  source?: "REVIEW" | "QUIZ" | "LAB";
}

/** Review logs with placeholder scheduler fields (only the fields a test reads are meaningful). */
export async function insertLogs(db: Db, userId: string, logs: readonly LogFixture[]): Promise<void> {
  await db.reviewLog.createMany({
    data: logs.map((log) => ({
      clientEventId: uuid(),
      userId,
      cardId: log.cardId,
      rating: log.rating,
      source: log.source ?? ("REVIEW" as const),
      reviewedAt: log.reviewedAt,
      durationMs: log.durationMs ?? null,
      stateBefore: log.stateBefore ?? "REVIEW",
      dueBefore: log.reviewedAt,
      stabilityBefore: 1,
      difficultyBefore: 5,
      elapsedDays: 0,
      lastElapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      dueAfter: log.reviewedAt,
      stabilityAfter: 1,
      difficultyAfter: 5,
    })),
  });
}
