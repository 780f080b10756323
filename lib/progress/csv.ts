import { describeRisk } from "./at-risk";
import type { ClassDashboard } from "./types";

/**
 * CSV for spreadsheets. The format: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the
 * local code page and mangles names like "Łukasz"; LibreOffice and Google Sheets accept it), CRLF line ends
 * and RFC 4180 quoting (fields with a comma, quote or line break in double quotes, quotes doubled). Text
 * that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a leading
 * apostrophe; numbers are written as numbers and never guarded.
 */

export type CsvValue = string | number | null | undefined;

export const CSV_BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, guarded and quoted. Non-finite numbers and missing values are empty fields. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: BOM, header row, one line per row, each line ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}

/** A share (0-1) as a percentage with one decimal, or null. */
export function percent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}

/** "YYYY-MM-DD HH:MM" in UTC, which spreadsheets read as a date and time; empty when missing. */
export function csvDateTime(moment: Date | null): string | null {
  return moment ? moment.toISOString().slice(0, 16).replace("T", " ") : null;
}

/** The roster summary: one row per student, columns as on the dashboard. */
export function rosterCsv(d: ClassDashboard): string {
  const header = [
    "Student",
    "Email",
    "Joined (UTC)",
    "Last active (UTC)",
    "Streak (days)",
    "Reviews, last 7 days",
    "Due today",
    "Overdue",
    "True retention, last 30 days (%)",
    "Reviews behind retention",
    "Quiz average (%)",
    "Quizzes taken",
    "Lab runs",
    "Mastery now (%)",
    `Mastery on ${d.forecastDate} (%)`,
    "At risk",
    "Reasons",
  ];
  const rows = d.students.map((s) => [
    s.name,
    s.email,
    csvDateTime(s.joinedAt),
    csvDateTime(s.lastActiveAt),
    s.streakDays,
    s.reviews7d,
    s.dueToday,
    s.overdue,
    percent(s.retention30d),
    s.retentionReviews30d,
    percent(s.quizAverage),
    s.quizzesTaken,
    s.labRuns,
    percent(s.masteryNow),
    percent(s.masteryForecast),
    s.risk.length > 0 ? "yes" : "no",
    s.risk.map(describeRisk).join("; "),
  ]);
  return toCsv(header, rows);
}

/** Students x concepts: each concept's mastery now and on the forecast date, in course order. */
export function masteryCsv(d: ClassDashboard): string {
  const header = [
    "Student",
    "Email",
    ...d.concepts.flatMap((c) => [`${c.title}: now (%)`, `${c.title}: on ${d.forecastDate} (%)`]),
  ];
  const rows = d.students.map((s, i) => [
    s.name,
    s.email,
    ...d.concepts.flatMap((_, j) => [percent(d.heatmap.now[i]?.[j] ?? null), percent(d.heatmap.forecast[i]?.[j] ?? null)]),
  ]);
  return toCsv(header, rows);
}

/** A file name safe in a Content-Disposition header: the class name in lower-case ASCII words. */
export function csvFileName(className: string, what: string, date: string): string {
  const slug =
    className
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50) || "class";
  return `${slug}-${what}-${date}.csv`;
}
