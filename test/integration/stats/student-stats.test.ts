import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { FORECAST_DAYS, HEATMAP_DAYS, RETENTION_MONTHS, studentStats } from "@/lib/db/stats";
import type { Viewer } from "@/lib/db/users";
import { ForbiddenError } from "@/lib/errors";
import { studyDayKey } from "@/lib/srs/day";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { createCards, createStudent, insertLogs, type LogFixture } from "./fixtures";

// 11:00 in New York, a week after clocks went forward (2026-03-08 07:00 UTC); the learner's day starts at 04:00.
const NOW = new Date("2026-03-15T15:00:00Z");
const TZ = "America/New_York";
const at = (iso: string) => new Date(iso);

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let ada: Viewer;
let cards: string[];
let logs: LogFixture[];

beforeAll(async () => {
  t = await migratedDatabase();
  ada = await createStudent(t.db, "ada@example.edu", { timezone: TZ, dayStartHour: 4 });
  const other = await createStudent(t.db, "other@example.edu", { timezone: "UTC", dayStartHour: 0 });
  cards = await createCards(t.db, "stats", 10);
  const c = (i: number) => cards[i]!;

  logs = [
    // Today's study window starts at 08:00 UTC (04:00 EDT). 07:30 UTC is 03:30 local: yesterday's study day.
    { cardId: c(0), rating: 3, reviewedAt: at("2026-03-15T07:30:00Z"), durationMs: 99_000 },
    { cardId: c(0), rating: 3, reviewedAt: at("2026-03-15T08:30:00Z"), durationMs: 4_000 },
    { cardId: c(1), rating: 1, reviewedAt: at("2026-03-15T14:00:00Z"), durationMs: 6_000 },
    { cardId: c(2), rating: 4, reviewedAt: at("2026-03-15T14:30:00Z"), durationMs: null, stateBefore: "LEARNING" },
    // The night clocks went forward: 07:30 UTC is 03:30 EDT (still 03-07), 08:05 UTC is 04:05 EDT (03-08).
    { cardId: c(3), rating: 2, reviewedAt: at("2026-03-08T07:30:00Z") },
    { cardId: c(3), rating: 1, reviewedAt: at("2026-03-08T08:05:00Z"), stateBefore: "RELEARNING" },
    // February: one review-state recall; a NEW card's first grade is not a retention sample.
    { cardId: c(4), rating: 3, reviewedAt: at("2026-02-10T18:00:00Z") },
    { cardId: c(4), rating: 1, reviewedAt: at("2026-02-09T18:00:00Z"), stateBefore: "NEW" },
    // 2025-03-20 is in the heatmap year (from 2025-03-16) but before the 12 retention months (from 2025-04).
    { cardId: c(5), rating: 1, reviewedAt: at("2025-03-20T16:00:00Z") },
    // Older than both: ignored.
    { cardId: c(5), rating: 3, reviewedAt: at("2025-03-01T16:00:00Z") },
  ];
  await insertLogs(t.db, ada.id, logs);
  // Another learner's history never shows up in Ada's stats.
  await insertLogs(t.db, other.id, [
    { cardId: c(0), rating: 1, reviewedAt: at("2026-03-15T10:00:00Z"), durationMs: 50_000 },
    { cardId: c(1), rating: 1, reviewedAt: at("2026-03-01T10:00:00Z") },
  ]);

  const state = (i: number, s: "NEW" | "LEARNING" | "REVIEW" | "RELEARNING", due: string, userId = ada.id) => ({
    userId,
    cardId: c(i),
    state: s,
    due: at(due),
  });
  await t.db.cardState.createMany({
    data: [
      state(0, "REVIEW", "2026-03-10T12:00:00Z"), // overdue: counts today
      state(1, "REVIEW", "2026-03-16T07:30:00Z"), // 03:30 local on the 16th: still today's study day
      state(2, "REVIEW", "2026-03-16T08:30:00Z"), // tomorrow
      state(3, "RELEARNING", "2026-04-13T12:00:00Z"), // day 29: the last forecast day
      state(4, "REVIEW", "2026-04-14T12:00:00Z"), // day 30: past the forecast
      state(5, "LEARNING", "2026-03-15T16:00:00Z"), // later today
      state(6, "NEW", "2026-03-15T09:00:00Z"), // new cards are not reviews to forecast
      state(7, "REVIEW", "2026-03-16T12:00:00Z"), // retired below: gone from forecast and counts
      state(0, "REVIEW", "2026-03-16T12:00:00Z", other.id),
    ],
  });
  await t.db.card.update({ where: { id: c(7) }, data: { retiredAt: at("2026-03-01T00:00:00Z") } });
});

afterAll(async () => {
  await t.drop();
});

describe(`studentStats on ${dbKind}`, () => {
  test("groups reviews by the learner's study day, across the day-start hour and a DST change", async () => {
    const stats = await studentStats(ada, NOW);
    expect(stats.timeZone).toBe(TZ);
    expect(stats.today).toBe("2026-03-15");
    expect(stats.heatmap.from).toBe("2025-03-16");
    expect(stats.heatmap.to).toBe("2026-03-15");
    const perDay = Object.fromEntries(stats.heatmap.days.map((d) => [d.date, d.reviews]));
    expect(perDay["2026-03-14"]).toBe(1); // 03:30 local belongs to the day before
    expect(perDay["2026-03-15"]).toBe(3);
    expect(perDay["2026-03-07"]).toBe(1);
    expect(perDay["2026-03-08"]).toBe(1);
    expect(perDay["2025-03-01"]).toBeUndefined();

    // The same grouping computed in JavaScript from the fixture (a reference independent of SQL).
    const expected = new Map<string, number>();
    for (const log of logs) {
      const key = studyDayKey(log.reviewedAt, TZ, 4);
      if (key >= "2025-03-16" && key <= "2026-03-15") expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(stats.heatmap.days).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([date, reviews]) => ({ date, reviews })));
    expect(stats.heatmap.totalReviews).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    expect(stats.heatmap.activeDays).toBe(expected.size);
    expect(stats.heatmap.maxPerDay).toBe(3);
  });

  test("today's reviews and time cover today's study window only", async () => {
    const stats = await studentStats(ada, NOW);
    expect(stats.todayReviews).toBe(3);
    expect(stats.todayTimeMs).toBe(4_000 + 6_000);
  });

  test("true retention by month counts reviews of REVIEW-state cards rated above Again", async () => {
    const stats = await studentStats(ada, NOW);
    expect(stats.retention.months).toHaveLength(RETENTION_MONTHS);
    expect(stats.retention.months[0]?.month).toBe("2025-04");
    expect(stats.retention.months.at(-1)?.month).toBe("2026-03");
    const byMonth = Object.fromEntries(stats.retention.months.map((m) => [m.month, m]));
    // March: Good (03-14), Good, Again, Hard (03-07) from REVIEW; the LEARNING and RELEARNING grades do not count.
    expect(byMonth["2026-03"]).toEqual({ month: "2026-03", reviews: 4, recalled: 3, retention: 0.75 });
    expect(byMonth["2026-02"]).toEqual({ month: "2026-02", reviews: 1, recalled: 1, retention: 1 });
    expect(byMonth["2025-12"]?.retention).toBeNull();
    expect(stats.retention.reviews).toBe(5);
    expect(stats.retention.recalled).toBe(4);
    expect(stats.retention.retention).toBeCloseTo(0.8, 12);
  });

  test("the forecast puts overdue and later-today cards on today and stops after 30 study days", async () => {
    const stats = await studentStats(ada, NOW);
    const days = stats.forecast.days;
    expect(days).toHaveLength(FORECAST_DAYS);
    expect(days[0]).toEqual({ date: "2026-03-15", due: 3 }); // overdue + 03:30 on the 16th + learning later today
    expect(days[1]).toEqual({ date: "2026-03-16", due: 1 });
    expect(days[29]).toEqual({ date: "2026-04-13", due: 1 });
    expect(stats.forecast.overdue).toBe(1);
    expect(stats.forecast.total).toBe(5);
    expect(days.reduce((sum, d) => sum + d.due, 0)).toBe(stats.forecast.total);
  });

  test("cards by state count live cards in the collection", async () => {
    const stats = await studentStats(ada, NOW);
    expect(stats.cardsByState).toEqual({ NEW: 1, LEARNING: 1, REVIEW: 4, RELEARNING: 1 });
    expect(stats.collectionSize).toBe(7);
    expect(stats.empty).toBe(false);
  });

  test("a new learner gets an empty state with a zero forecast, and nothing is written", async () => {
    const nora = await createStudent(t.db, "nora@example.edu");
    const before = await tableCounts(t);
    const stats = await studentStats(nora, NOW);
    expect(stats.empty).toBe(true);
    expect(stats.timeZone).toBe("UTC");
    expect(stats.today).toBe("2026-03-15");
    expect(stats.heatmap.days).toEqual([]);
    expect(stats.heatmap.from).toBe(studyDayKey(new Date(NOW.getTime() - (HEATMAP_DAYS - 1) * 86_400_000), "UTC", 4));
    expect(stats.forecast.days.every((d) => d.due === 0)).toBe(true);
    expect(stats.retention.months.every((m) => m.retention === null)).toBe(true);
    expect(stats.todayReviews).toBe(0);
    expect(stats.todayTimeMs).toBe(0);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("instructors are refused", async () => {
    const maria = await createStudent(t.db, "maria@example.edu", {}, "INSTRUCTOR");
    await expect(studentStats(maria, NOW)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
