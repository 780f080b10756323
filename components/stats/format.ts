// Display helpers for the Stats page. Study days arrive as "YYYY-MM-DD" calendar dates, so they are formatted
// as UTC midnights: the learner's time zone was already applied when the day was computed.

const DAY_MS = 86_400_000;

const shortDate = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDate = new Intl.DateTimeFormat("en-US", {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const monthName = new Intl.DateTimeFormat("en-US", { month: "short", timeZone: "UTC" });
const monthYear = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });

export const dayToUtc = (key: string): number => Date.parse(`${key}T00:00:00Z`);
export const utcToDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const addDays = (key: string, days: number): string => utcToDay(dayToUtc(key) + days * DAY_MS);

/** "Mar 15" */
export const formatShortDay = (key: string): string => shortDate.format(dayToUtc(key));
/** "Sun, Mar 15, 2026" */
export const formatLongDay = (key: string): string => longDate.format(dayToUtc(key));
/** "Mar" from "2026-03-15" */
export const formatMonth = (key: string): string => monthName.format(dayToUtc(key));
/** "Mar 2026" from "2026-03" */
export const formatMonthYear = (month: string): string => monthYear.format(dayToUtc(`${month}-01`));

/** "1 review", "12 reviews" */
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "45 s", "12 min", "1 h 05 min" */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** "87%" (or "–" when there is nothing to measure) */
export const formatPercent = (value: number | null): string =>
  value === null ? "–" : `${Math.round(value * 100)}%`;
