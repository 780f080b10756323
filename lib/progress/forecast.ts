const DAY_MS = 86_400_000;

/** Days ahead of today that the dashboard forecasts when the instructor has not picked a date. */
export const DEFAULT_FORECAST_DAYS = 14;
/** The furthest a forecast may look ahead. */
export const MAX_FORECAST_DAYS = 730;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export type ForecastDate = { ok: true; date: string; at: Date } | { ok: false; error: string };

/** "YYYY-MM-DD" of the UTC calendar date of `moment`. */
export function utcDateKey(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/**
 * The instant a forecast date stands for: 12:00 UTC on that date (a time within the day wherever a class
 * meets), or `now` when that is later, so that a forecast for today never looks back before the present.
 */
export function forecastInstant(date: string, now: Date): Date {
  const noon = new Date(`${date}T12:00:00Z`);
  return noon.getTime() < now.getTime() ? new Date(now.getTime()) : noon;
}

/** The default forecast date: `DEFAULT_FORECAST_DAYS` after today (UTC). */
export function defaultForecastDate(now: Date): string {
  return utcDateKey(new Date(now.getTime() + DEFAULT_FORECAST_DAYS * DAY_MS));
}

/**
 * Parses the `?forecast=YYYY-MM-DD` of a dashboard or an export. Missing or empty means the default date; a
 * value that is not a real calendar date, lies before today (UTC) or more than `MAX_FORECAST_DAYS` ahead is
 * refused with a message a person can act on.
 */
export function parseForecastDate(raw: string | null | undefined, now: Date): ForecastDate {
  const value = raw?.trim() ?? "";
  const date = value === "" ? defaultForecastDate(now) : value;
  const match = DATE_PATTERN.exec(date);
  const parsed = match ? new Date(`${date}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || utcDateKey(parsed) !== date) {
    return { ok: false, error: `"${value.slice(0, 40)}" is not a date. Pick a forecast date like ${defaultForecastDate(now)}.` };
  }
  const today = utcDateKey(now);
  if (date < today) return { ok: false, error: `The forecast date ${date} is in the past. Pick today or a later date.` };
  const last = utcDateKey(new Date(now.getTime() + MAX_FORECAST_DAYS * DAY_MS));
  if (date > last) return { ok: false, error: `Pick a forecast date within two years, on or before ${last}.` };
  return { ok: true, date, at: forecastInstant(date, now) };
}

export interface ConceptForecast {
  key: string;
  order: number;
  masteryNow: number | null;
  masteryForecast: number | null;
  /** Share of (student, card) pairs studied; 0 or null: nobody has started the concept. */
  coverage: number | null;
}

/**
 * Concepts in the order an instructor should worry about them for the forecast date. First the concepts the
 * class has started, lowest expected mastery on that date first (what it will have forgotten most by then),
 * then the larger drop from now, then course order. Then the concepts nobody has started, in course order:
 * their 0% is "not learned yet", not "forgotten", and would otherwise bury the concepts being forgotten.
 */
export function rankByForgetting<T extends ConceptForecast>(concepts: readonly T[]): T[] {
  const started = (c: ConceptForecast) => c.coverage !== null && c.coverage > 0 && c.masteryForecast !== null;
  const drop = (c: ConceptForecast) => (c.masteryNow ?? 0) - (c.masteryForecast ?? 0);
  return [...concepts].sort((a, b) => {
    if (started(a) !== started(b)) return started(a) ? -1 : 1;
    if (!started(a)) return a.order - b.order;
    return a.masteryForecast! - b.masteryForecast! || drop(b) - drop(a) || a.order - b.order;
  });
}
