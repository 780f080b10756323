// Formatting shared by the class views. Dates are shown in UTC so that the server and any client agree.

const DAY_MS = 86_400_000;

/** 0.734 -> "73%"; null -> "–" (no data). */
export function formatPercent(value: number | null, digits = 0): string {
  return value === null ? "–" : `${(value * 100).toFixed(digits)}%`;
}

/** "2026-03-10" (UTC). */
export function formatDate(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** "2026-03-10 14:05 UTC". */
export function formatDateTime(moment: Date): string {
  return `${moment.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "today", "yesterday", "5 days ago"; "never" for null. */
export function formatAgo(moment: Date | null, now: Date): string {
  if (!moment) return "never";
  const hours = (now.getTime() - moment.getTime()) / 3_600_000;
  if (hours < 1) return "within the hour";
  if (hours < 24) return `${Math.floor(hours)} h ago`;
  const days = Math.floor((now.getTime() - moment.getTime()) / DAY_MS);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

/**
 * Heatmap colour for a mastery value: six steps from red (little recalled) to green, with text that keeps
 * a 4.5:1 contrast on each, in light and dark themes. The number is always printed too, so colour is never the
 * only signal.
 */
export function masteryCellClass(value: number | null): string {
  if (value === null) return "bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400";
  if (value < 0.2) return "bg-red-200 text-red-950 dark:bg-red-950 dark:text-red-100";
  if (value < 0.4) return "bg-orange-200 text-orange-950 dark:bg-orange-900 dark:text-orange-50";
  if (value < 0.6) return "bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50";
  if (value < 0.75) return "bg-lime-200 text-lime-950 dark:bg-lime-800 dark:text-lime-50";
  if (value < 0.9) return "bg-green-300 text-green-950 dark:bg-green-800 dark:text-green-50";
  return "bg-emerald-400 text-emerald-950 dark:bg-emerald-700 dark:text-white";
}

/** The legend of `masteryCellClass`. */
export const MASTERY_LEGEND: { label: string; value: number | null }[] = [
  { label: "under 20%", value: 0.1 },
  { label: "20–39%", value: 0.3 },
  { label: "40–59%", value: 0.5 },
  { label: "60–74%", value: 0.7 },
  { label: "75–89%", value: 0.8 },
  { label: "90% and up", value: 0.95 },
  { label: "no cards", value: null },
];

/** Adds `?forecast=` to a class link so the picked date follows the instructor around. */
export function withForecast(href: string, forecastDate: string): string {
  return `${href}?forecast=${encodeURIComponent(forecastDate)}`;
}
