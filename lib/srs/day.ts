import { TZDate, tzOffset } from "@date-fns/tz";
import { InvalidSettingsError, InvalidTimeZoneError } from "./errors";

/** The learner's current study day: `start` inclusive, `end` exclusive. */
export interface DayWindow {
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;
const knownZones = new Set<string>();
const MAX_KNOWN_ZONES = 1000;

/**
 * True when `timeZone` is an IANA time zone name the runtime knows ("America/New_York", "UTC",
 * "Asia/Kolkata"). Fixed offsets such as "+05:00" are refused: they ignore daylight saving time.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.length === 0 || /^[+-]/.test(timeZone)) return false;
  if (knownZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return false;
  }
  // Building a formatter costs far more than the rest of a day computation; remember zones that passed.
  if (knownZones.size < MAX_KNOWN_ZONES) knownZones.add(timeZone);
  return true;
}

function assertDayArgs(timeZone: string, dayStartHour: number): void {
  if (!isValidTimeZone(timeZone)) throw new InvalidTimeZoneError(timeZone);
  if (!Number.isInteger(dayStartHour) || dayStartHour < 0 || dayStartHour > 23) {
    throw new InvalidSettingsError(`dayStartHour must be a whole hour from 0 to 23, got ${dayStartHour}`);
  }
}

/** Calendar date (year, month 0-11, day) of the study day `date` falls in. */
function studyDate(date: Date, timeZone: string, dayStartHour: number): { year: number; month: number; day: number } {
  const local = new TZDate(date.getTime(), timeZone);
  // Before the day-start hour, a moment still belongs to the previous study day. Stepping back through
  // UTC arithmetic on the calendar date alone avoids any DST effect.
  const back = local.getHours() < dayStartHour ? 1 : 0;
  const calendar = new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate() - back));
  return { year: calendar.getUTCFullYear(), month: calendar.getUTCMonth(), day: calendar.getUTCDate() };
}

/**
 * The instant at which the clock in `timeZone` shows `hour`:00 on the given calendar date. A wall time that
 * occurs twice (clocks fall back) resolves to its first occurrence; one that does not occur (clocks jump
 * over it) resolves by the offset in force before the jump, which for a whole-hour start is the first
 * moment after the gap.
 */
function zonedHourStart(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month, day, hour);
  // Zones change offset at most once within a day or so, so the offsets a day either side are the candidates.
  const before = tzOffset(timeZone, new Date(wall - DAY_MS));
  const candidates = [before, tzOffset(timeZone, new Date(wall)), tzOffset(timeZone, new Date(wall + DAY_MS))];
  let best: number | null = null;
  for (const offsetMinutes of candidates) {
    const instant = wall - offsetMinutes * 60_000;
    // A candidate is real when the zone actually uses that offset at that instant.
    if (tzOffset(timeZone, new Date(instant)) === offsetMinutes && (best === null || instant < best)) best = instant;
  }
  return new Date(best ?? wall - before * 60_000);
}

/**
 * The study day that contains `now`, for a learner in `timeZone` whose day starts at `dayStartHour`
 * local time (e.g. 4 = 04:00). Across a DST change the window is 23 or 25 hours long. When the start
 * hour does not exist on a given date (clocks jump over it), the day starts at the first moment after
 * the gap; when it occurs twice, at its first occurrence.
 *
 * @throws InvalidTimeZoneError for an unknown time zone; InvalidSettingsError for an hour outside 0-23
 */
export function dayWindow(now: Date, timeZone: string, dayStartHour: number): DayWindow {
  assertDayArgs(timeZone, dayStartHour);
  const { year, month, day } = studyDate(now, timeZone, dayStartHour);
  return {
    start: zonedHourStart(year, month, day, dayStartHour, timeZone),
    end: zonedHourStart(year, month, day + 1, dayStartHour, timeZone),
  };
}

/**
 * "YYYY-MM-DD" of the study day a moment belongs to: with the day starting at 04:00, a review at 03:30
 * local time counts for the previous date.
 *
 * @throws InvalidTimeZoneError for an unknown time zone; InvalidSettingsError for an hour outside 0-23
 */
export function studyDayKey(date: Date, timeZone: string, dayStartHour: number): string {
  assertDayArgs(timeZone, dayStartHour);
  const { year, month, day } = studyDate(date, timeZone, dayStartHour);
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The study day a moment belongs to as a whole number of days since 1970-01-01, so that the
 * difference of two such numbers counts study days between two reviews.
 */
export function studyDayNumber(date: Date, timeZone: string, dayStartHour: number): number {
  assertDayArgs(timeZone, dayStartHour);
  const { year, month, day } = studyDate(date, timeZone, dayStartHour);
  return Math.round(Date.UTC(year, month, day) / DAY_MS);
}
