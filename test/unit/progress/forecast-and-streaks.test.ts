import { describe, expect, it } from "vitest";

import {
  defaultForecastDate,
  forecastInstant,
  MAX_FORECAST_DAYS,
  parseForecastDate,
  rankByForgetting,
} from "@/lib/progress/forecast";
import { currentStreak, lastRun, streakFromLastRun } from "@/lib/progress/streaks";

const NOW = new Date("2026-03-10T15:00:00Z");

describe("parseForecastDate", () => {
  it("defaults to 14 days ahead, at noon UTC", () => {
    expect(defaultForecastDate(NOW)).toBe("2026-03-24");
    expect(parseForecastDate(undefined, NOW)).toEqual({ ok: true, date: "2026-03-24", at: new Date("2026-03-24T12:00:00Z") });
    expect(parseForecastDate("  ", NOW)).toMatchObject({ ok: true, date: "2026-03-24" });
  });

  it("accepts a real date from today to two years ahead", () => {
    expect(parseForecastDate("2026-05-14", NOW)).toEqual({ ok: true, date: "2026-05-14", at: new Date("2026-05-14T12:00:00Z") });
    // Today's noon has passed: the forecast is for now, never before it.
    expect(parseForecastDate("2026-03-10", NOW)).toEqual({ ok: true, date: "2026-03-10", at: NOW });
    const last = new Date(NOW.getTime() + MAX_FORECAST_DAYS * 86_400_000).toISOString().slice(0, 10);
    expect(parseForecastDate(last, NOW).ok).toBe(true);
  });

  it("refuses what is not a date, the past, and more than two years ahead, with a message", () => {
    for (const raw of ["tomorrow", "2026-02-30", "2026-3-5", "2026-03-10T00:00", "20260314"]) {
      const parsed = parseForecastDate(raw, NOW);
      expect(parsed).toMatchObject({ ok: false });
      expect(!parsed.ok && parsed.error).toMatch(/is not a date\. Pick a forecast date like 2026-03-24\./);
    }
    expect(parseForecastDate("2026-03-09", NOW)).toEqual({
      ok: false,
      error: "The forecast date 2026-03-09 is in the past. Pick today or a later date.",
    });
    expect(parseForecastDate("2028-03-10", NOW)).toEqual({ ok: false, error: "Pick a forecast date within two years, on or before 2028-03-09." });
  });

  it("forecastInstant is noon UTC unless that is already past", () => {
    expect(forecastInstant("2026-03-11", NOW)).toEqual(new Date("2026-03-11T12:00:00Z"));
    expect(forecastInstant("2026-03-10", NOW)).toEqual(NOW);
  });
});

describe("rankByForgetting", () => {
  it("puts started concepts first, lowest forecast first, then the larger drop, then course order", () => {
    const ranked = rankByForgetting([
      { key: "a", order: 1, masteryNow: 0.9, masteryForecast: 0.6, coverage: 1 },
      { key: "b", order: 2, masteryNow: null, masteryForecast: null, coverage: null },
      { key: "c", order: 3, masteryNow: 0.4, masteryForecast: 0.3, coverage: 0.5 },
      { key: "d", order: 4, masteryNow: 0.8, masteryForecast: 0.3, coverage: 0.9 },
      { key: "e", order: 5, masteryNow: 0.3, masteryForecast: 0.3, coverage: 0.4 },
      { key: "f", order: 0, masteryNow: 0.3, masteryForecast: 0.3, coverage: 0.4 },
      { key: "g", order: 6, masteryNow: 0, masteryForecast: 0, coverage: 0 },
      { key: "h", order: -1, masteryNow: 0, masteryForecast: 0, coverage: 0 },
    ]);
    // Not started (h, g by course order) and without cards (b) come after every started concept.
    expect(ranked.map((c) => c.key)).toEqual(["d", "c", "f", "e", "a", "h", "b", "g"]);
  });
});

describe("streaks", () => {
  const TODAY = 20_522;

  it("counts consecutive days ending today", () => {
    expect(currentStreak([TODAY, TODAY - 1, TODAY - 2, TODAY - 4], TODAY)).toBe(3);
  });

  it("stays alive from yesterday while today is not over", () => {
    expect(currentStreak([TODAY - 1, TODAY - 2], TODAY)).toBe(2);
  });

  it("is 0 once a whole day was missed", () => {
    expect(currentStreak([TODAY - 2, TODAY - 3], TODAY)).toBe(0);
    expect(currentStreak([], TODAY)).toBe(0);
  });

  it("ignores duplicates, order and days after today", () => {
    expect(currentStreak([TODAY - 1, TODAY, TODAY, TODAY + 1, TODAY - 1], TODAY)).toBe(2);
  });

  it("lastRun finds the most recent run; streakFromLastRun judges it against today", () => {
    expect(lastRun([5, 9, 8, 3, 7])).toEqual({ first: 7, last: 9 });
    expect(lastRun([])).toBeNull();
    expect(streakFromLastRun({ first: TODAY - 4, last: TODAY }, TODAY)).toBe(5);
    expect(streakFromLastRun({ first: TODAY - 4, last: TODAY - 1 }, TODAY)).toBe(4);
    expect(streakFromLastRun({ first: TODAY - 4, last: TODAY - 2 }, TODAY)).toBe(0);
    expect(streakFromLastRun({ first: TODAY - 1, last: TODAY + 2 }, TODAY)).toBe(2);
    expect(streakFromLastRun(null, TODAY)).toBe(0);
  });
});
