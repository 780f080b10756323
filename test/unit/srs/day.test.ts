import { describe, expect, it } from "vitest";
import { dayWindow, isValidTimeZone, studyDayKey, studyDayNumber } from "@/lib/srs/day";
import { InvalidSettingsError, InvalidTimeZoneError } from "@/lib/srs/errors";

const NY = "America/New_York";
const HOUR = 3_600_000;

describe("dayWindow", () => {
  it("runs from 04:00 to 04:00 local time on an ordinary day", () => {
    // 12:00 EST = 17:00Z
    const window = dayWindow(new Date("2026-01-15T17:00:00Z"), NY, 4);
    expect(window.start).toEqual(new Date("2026-01-15T09:00:00Z")); // 04:00 EST
    expect(window.end).toEqual(new Date("2026-01-16T09:00:00Z"));
  });

  it("puts 03:30 local in the previous study day when the day starts at 04:00", () => {
    const moment = new Date("2026-01-15T08:30:00Z"); // 03:30 EST
    expect(studyDayKey(moment, NY, 4)).toBe("2026-01-14");
    expect(dayWindow(moment, NY, 4)).toEqual({
      start: new Date("2026-01-14T09:00:00Z"),
      end: new Date("2026-01-15T09:00:00Z"),
    });
    // Half an hour later it is the next study day.
    expect(studyDayKey(new Date("2026-01-15T09:00:00Z"), NY, 4)).toBe("2026-01-15");
  });

  it("is 23 hours long on the day clocks spring forward", () => {
    // 2026-03-08 02:00 EST -> 03:00 EDT. Noon on the 7th (EST) is in the study day that ends 04:00 EDT on the 8th.
    const window = dayWindow(new Date("2026-03-07T17:00:00Z"), NY, 4);
    expect(window.start).toEqual(new Date("2026-03-07T09:00:00Z")); // 04:00 EST
    expect(window.end).toEqual(new Date("2026-03-08T08:00:00Z")); // 04:00 EDT
    expect(window.end.getTime() - window.start.getTime()).toBe(23 * HOUR);
  });

  it("is 25 hours long on the day clocks fall back", () => {
    // 2026-11-01 02:00 EDT -> 01:00 EST
    const window = dayWindow(new Date("2026-10-31T16:00:00Z"), NY, 4);
    expect(window.start).toEqual(new Date("2026-10-31T08:00:00Z")); // 04:00 EDT
    expect(window.end).toEqual(new Date("2026-11-01T09:00:00Z")); // 04:00 EST
    expect(window.end.getTime() - window.start.getTime()).toBe(25 * HOUR);
  });

  it("starts after the gap when the start hour does not exist, and at the first of a repeated hour", () => {
    // Day start 02:00: on 2026-03-08 there is no 02:00 in New York; the day starts at 03:00 EDT.
    const spring = dayWindow(new Date("2026-03-08T12:00:00Z"), NY, 2);
    expect(spring.start).toEqual(new Date("2026-03-08T07:00:00Z"));
    // Day start 01:00: on 2026-11-01 01:00 happens twice; the day starts at the first (EDT).
    const fall = dayWindow(new Date("2026-11-01T12:00:00Z"), NY, 1);
    expect(fall.start).toEqual(new Date("2026-11-01T05:00:00Z"));
    // 01:30 EST, the second 01:30 of the night, is in that same day.
    expect(studyDayKey(new Date("2026-11-01T06:30:00Z"), NY, 1)).toBe("2026-11-01");
  });

  it("always contains the moment it was built from", () => {
    // Every 37 minutes across both 2026 DST changes, for several start hours and zones.
    const zones = [NY, "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"];
    for (const zone of zones) {
      for (const hour of [0, 2, 4, 23]) {
        for (const from of ["2026-03-06T00:00:00Z", "2026-10-24T00:00:00Z", "2026-04-03T00:00:00Z"]) {
          const start = new Date(from).getTime();
          for (let t = start; t < start + 4 * 24 * HOUR; t += 37 * 60_000) {
            const now = new Date(t);
            const window = dayWindow(now, zone, hour);
            expect(window.start.getTime()).toBeLessThanOrEqual(t);
            expect(window.end.getTime()).toBeGreaterThan(t);
            // Lengths are whole days give or take a DST shift (Lord Howe shifts by 30 minutes).
            const length = window.end.getTime() - window.start.getTime();
            expect(length).toBeGreaterThanOrEqual(23 * HOUR);
            expect(length).toBeLessThanOrEqual(25 * HOUR);
            expect(studyDayKey(window.start, zone, hour)).toBe(studyDayKey(now, zone, hour));
          }
        }
      }
    }
  });

  it("handles day-start hour 0 and half-hour zones", () => {
    expect(dayWindow(new Date("2026-06-01T20:00:00Z"), "Asia/Kolkata", 0)).toEqual({
      start: new Date("2026-06-01T18:30:00Z"), // 00:00 IST on June 2
      end: new Date("2026-06-02T18:30:00Z"),
    });
    expect(studyDayKey(new Date("2026-06-01T20:00:00Z"), "Asia/Kolkata", 0)).toBe("2026-06-02");
  });

  it("rejects unknown time zones and hours outside 0-23", () => {
    expect(() => dayWindow(new Date(0), "Mars/Olympus_Mons", 4)).toThrow(InvalidTimeZoneError);
    expect(() => dayWindow(new Date(0), NY, 24)).toThrow(InvalidSettingsError);
    expect(() => studyDayKey(new Date(0), NY, 3.5)).toThrow(InvalidSettingsError);
  });
});

describe("studyDayNumber", () => {
  it("counts study days, not 24-hour periods", () => {
    const before = new Date("2026-01-15T08:30:00Z"); // 03:30 EST, study day Jan 14
    const after = new Date("2026-01-15T09:30:00Z"); // 04:30 EST, study day Jan 15
    expect(studyDayNumber(after, NY, 4) - studyDayNumber(before, NY, 4)).toBe(1);
    expect(studyDayNumber(new Date("1970-01-01T12:00:00Z"), "UTC", 0)).toBe(0);
    expect(studyDayNumber(new Date("2026-03-09T12:00:00Z"), NY, 4) - studyDayNumber(new Date("2026-03-07T12:00:00Z"), NY, 4)).toBe(2);
  });
});

describe("isValidTimeZone", () => {
  it.each(["America/New_York", "UTC", "Europe/Berlin", "Asia/Kolkata", "Etc/GMT+5"])("accepts %s", (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });
  it.each(["", "Mars/Olympus_Mons", "+05:00", "-0800", "New York"])("refuses %j", (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
