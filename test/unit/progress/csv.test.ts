import { describe, expect, it } from "vitest";

import { csvField, csvFileName, masteryCsv, rosterCsv, toCsv } from "@/lib/progress/csv";
import type { ClassDashboard, StudentSummary } from "@/lib/progress/types";

/** An RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) throw new Error("the file must end with CRLF");
  return rows;
}

describe("csvField", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("Lin, Grace")).toBe('"Lin, Grace"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });

  it("guards text a spreadsheet would run as a formula, never numbers", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField(-12.5)).toBe("-12.5");
    expect(csvField(0)).toBe("0");
  });

  it("writes missing and non-finite values as empty fields", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });
});

describe("toCsv", () => {
  it("starts with a byte-order mark and ends every line with CRLF", () => {
    const text = toCsv(["a", "b"], [[1, "x,y"]]);
    expect(text).toBe('\uFEFFa,b\r\n1,"x,y"\r\n');
  });
});

const NOW = new Date("2026-03-10T12:00:00Z");
function student(over: Partial<StudentSummary>): StudentSummary {
  return {
    id: "s",
    name: "Student",
    email: "s@example.edu",
    joinedAt: new Date("2026-01-05T09:30:00Z"),
    lastActiveAt: null,
    streakDays: 0,
    reviews7d: 0,
    dueToday: 0,
    overdue: 0,
    retention30d: null,
    retentionReviews30d: 0,
    quizAverage: null,
    quizzesTaken: 0,
    labRuns: 0,
    masteryNow: null,
    masteryForecast: null,
    risk: [],
    ...over,
  };
}
const dashboard: ClassDashboard = {
  class: {
    id: "c1",
    name: "Deep Learning",
    joinCode: "7KQ4MZ2P",
    archivedAt: null,
    createdAt: NOW,
    thresholds: { overdueCards: 50, retention: 0.8, inactiveDays: 7 },
  },
  now: NOW,
  forecastDate: "2026-03-24",
  forecastAt: new Date("2026-03-24T12:00:00Z"),
  students: [
    student({
      id: "a",
      name: "Okafor, Ada",
      email: "ada@example.edu",
      lastActiveAt: new Date("2026-03-10T05:00:00Z"),
      streakDays: 2,
      reviews7d: 5,
      dueToday: 2,
      overdue: 1,
      retention30d: 0.75,
      retentionReviews30d: 4,
      quizAverage: 0.625,
      quizzesTaken: 2,
      labRuns: 1,
      masteryNow: 0.6,
      masteryForecast: 0.55178,
      risk: [{ kind: "overdue", overdue: 1, threshold: 1 }],
    }),
    student({ id: "b", name: "=cmd|' /C calc'!A0", email: "b@example.edu" }),
  ],
  concepts: [
    { key: "alpha", title: "Alpha, the first", group: "g", order: 1, cardCount: 2, masteryNow: 0.45, masteryForecast: 0.38, coverage: 0.5 },
    { key: "gamma", title: "Gamma", group: "g", order: 2, cardCount: 0, masteryNow: null, masteryForecast: null, coverage: null },
  ],
  forgettingOrder: ["alpha", "gamma"],
  heatmap: {
    now: [
      [0.9, null],
      [0, null],
    ],
    forecast: [
      [0.82763, null],
      [0, null],
    ],
  },
};

describe("rosterCsv", () => {
  it("has a header row and one row per student, numbers as numbers", () => {
    const rows = parseCsv(rosterCsv(dashboard).replace(/^\uFEFF/, ""));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([
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
      "Mastery on 2026-03-24 (%)",
      "At risk",
      "Reasons",
    ]);
    expect(rows[1]).toEqual([
      "Okafor, Ada",
      "ada@example.edu",
      "2026-01-05 09:30",
      "2026-03-10 05:00",
      "2",
      "5",
      "2",
      "1",
      "75",
      "4",
      "62.5",
      "2",
      "1",
      "60",
      "55.2",
      "yes",
      "1 overdue card (limit 1)",
    ]);
    // The formula-looking name is neutralised; empty metrics stay empty.
    expect(rows[2]!.slice(0, 4)).toEqual(["'=cmd|' /C calc'!A0", "b@example.edu", "2026-01-05 09:30", ""]);
    expect(rows[2]![8]).toBe("");
    expect(rows[2]![15]).toBe("no");
  });
});

describe("masteryCsv", () => {
  it("has each concept now and on the forecast date, in course order", () => {
    const rows = parseCsv(masteryCsv(dashboard).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual([
      "Student",
      "Email",
      "Alpha, the first: now (%)",
      "Alpha, the first: on 2026-03-24 (%)",
      "Gamma: now (%)",
      "Gamma: on 2026-03-24 (%)",
    ]);
    expect(rows[1]).toEqual(["Okafor, Ada", "ada@example.edu", "90", "82.8", "", ""]);
    expect(rows[2]).toEqual(["'=cmd|' /C calc'!A0", "b@example.edu", "0", "0", "", ""]);
  });
});

describe("csvFileName", () => {
  it("keeps only safe ASCII", () => {
    expect(csvFileName("Deep Learning — Spring \"26\"", "roster", "2026-03-24")).toBe("deep-learning-spring-26-roster-2026-03-24.csv");
    expect(csvFileName("Łódź", "mastery", "2026-03-24")).toBe("odz-mastery-2026-03-24.csv");
    expect(csvFileName("日本語", "mastery", "2026-03-24")).toBe("class-mastery-2026-03-24.csv");
  });
});
