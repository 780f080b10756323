import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { checkCourse } from "@/lib/content/check";
import { syncCourse } from "@/lib/db/content-sync";
import { todayQueue } from "@/lib/db/queue";
import { seedDemoAccounts } from "@/lib/db/seed";
import { seedDemoHistory } from "@/lib/db/seed-history";
import { DEFAULT_SCHEDULER_SETTINGS, replay, type Rating } from "@/lib/srs";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
const NOW = new Date("2026-05-04T12:00:00Z");

beforeAll(async () => {
  t = await migratedDatabase();
  await seedDemoAccounts();
  const { course } = checkCourse("content");
  if (!course) throw new Error("the course does not load");
  await syncCourse(course, NOW);
});
afterAll(async () => {
  await t.drop();
});

describe(`demo review history on ${dbKind}`, () => {
  test("writes a few weeks of history per demo student through the one write path, once", async () => {
    const first = await seedDemoHistory(NOW);
    expect(first.students).toBe(3);
    expect(first.events).toBeGreaterThan(100);
    const counts = await tableCounts(t);
    expect(await seedDemoHistory(NOW)).toEqual({ students: 0, events: 0 });
    expect(await tableCounts(t)).toEqual(counts);

    const logs = await t.db.reviewLog.findMany({ select: { userId: true, cardId: true, rating: true, reviewedAt: true, source: true }, orderBy: { reviewedAt: "asc" } });
    expect(logs.every((l) => l.source === "REVIEW" && l.reviewedAt < NOW)).toBe(true);
    const span = (logs.at(-1)?.reviewedAt.getTime() ?? 0) - (logs[0]?.reviewedAt.getTime() ?? 0);
    expect(span).toBeGreaterThan(10 * 86_400_000);
    // Every rating occurs, and most answers are recalled.
    expect(new Set(logs.map((l) => l.rating))).toEqual(new Set([1, 2, 3, 4]));
    expect(logs.filter((l) => l.rating > 1).length / logs.length).toBeGreaterThan(0.6);

    // Every card state is the replay of its logs.
    const states = await t.db.cardState.findMany();
    for (const s of states) {
      const own = logs.filter((l) => l.userId === s.userId && l.cardId === s.cardId);
      if (own.length === 0) {
        expect(s.state).toBe("NEW");
        continue;
      }
      const replayed = replay(own.map((l) => ({ rating: l.rating as Rating, reviewedAt: l.reviewedAt })), DEFAULT_SCHEDULER_SETTINGS, s.introducedAt);
      expect(s.due).toEqual(replayed.due);
      expect(s.stability).toBe(replayed.stability);
      expect(s.reps).toBe(replayed.reps);
    }

    // Ada has something to review today.
    const ada = await t.db.user.findUniqueOrThrow({ where: { email: "ada@example.edu" }, select: { id: true, email: true, name: true, role: true } });
    const q = await todayQueue(ada, NOW);
    expect(q.items.length).toBeGreaterThan(0);
    expect(q.collectionSize).toBeGreaterThan(q.newInCollection);
  });
});
