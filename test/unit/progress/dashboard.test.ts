import { describe, expect, it } from "vitest";

import { JOIN_CODE_ALPHABET, joinCodeSchema, makeJoinCode, normalizeJoinCode } from "@/lib/progress/class-schemas";
import { buildDashboard, studyClock, type RosterStudent } from "@/lib/progress/dashboard";
import { studyDayNumber } from "@/lib/srs";

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;

describe("studyClock", () => {
  it("keeps valid settings and falls back to UTC and 04:00 otherwise", () => {
    expect(studyClock("Asia/Kolkata", 6)).toEqual({ timeZone: "Asia/Kolkata", dayStartHour: 6 });
    expect(studyClock("Not/AZone", 24)).toEqual({ timeZone: "UTC", dayStartHour: 4 });
    expect(studyClock(null, null)).toEqual({ timeZone: "UTC", dayStartHour: 4 });
  });
});

describe("buildDashboard", () => {
  const student = (id: string, name: string, timeZone = "UTC"): RosterStudent => ({
    id,
    name,
    email: `${id}@example.edu`,
    joinedAt: new Date(NOW.getTime() - 30 * DAY),
    timeZone,
    dayStartHour: 4,
    weights: null,
  });
  const concepts = [
    { key: "alpha", title: "Alpha", group: "g", order: 1, cardCount: 2 },
    { key: "beta", title: "Beta", group: "g", order: 2, cardCount: 1 },
  ];

  it("turns aggregates and recall sums into summaries, concepts and the heatmap", () => {
    // In Kolkata (UTC+5:30) it is 17:30 on the 10th: day number of 2026-03-10.
    const today = studyDayNumber(NOW, "Asia/Kolkata", 4);
    const parts = buildDashboard({
      students: [student("a", "Ada", "Asia/Kolkata"), student("b", "Ben")],
      aggregates: new Map([
        [
          "a",
          {
            reviews7d: 12,
            dueToday: 3,
            overdue: 60,
            retentionTotal: 20,
            retentionPassed: 15,
            lastReviewAt: new Date(NOW.getTime() - 2 * 3_600_000),
            lastRun: { first: today - 3, last: today },
            quizzesTaken: 1,
            quizAverage: 0.5,
          },
        ],
      ]),
      recall: [
        { userId: "a", conceptKey: "alpha", studied: 2, recall: [1.8, 1.2] },
        { userId: "a", conceptKey: "beta", studied: 1, recall: [0.6, 0.3] },
        { userId: "b", conceptKey: "alpha", studied: 1, recall: [0.9, 0.5] },
        { userId: "zed", conceptKey: "alpha", studied: 2, recall: [2, 2] },
      ],
      concepts,
      thresholds: { overdueCards: 50, retention: 0.8, inactiveDays: 7 },
      now: NOW,
    });
    const [ada, ben] = parts.students;
    expect(ada).toMatchObject({ streakDays: 4, reviews7d: 12, dueToday: 3, overdue: 60, retention30d: 0.75, quizAverage: 0.5 });
    expect(ada!.masteryNow).toBeCloseTo((1.8 + 0.6) / 3, 12);
    expect(ada!.masteryForecast).toBeCloseTo((1.2 + 0.3) / 3, 12);
    expect(ada!.risk.map((r) => r.kind)).toEqual(["overdue", "retention"]);
    // Ben has no aggregates: zeros, nulls, and inactive since joining 30 days ago.
    expect(ben).toMatchObject({ streakDays: 0, reviews7d: 0, retention30d: null, quizAverage: null, lastActiveAt: null });
    expect(ben!.risk).toEqual([{ kind: "inactive", days: 30, threshold: 7, neverActive: true }]);
    expect(parts.heatmap.now).toEqual([
      [0.9, 0.6],
      [0.45, 0],
    ]);
    expect(parts.concepts.map((c) => [c.key, c.masteryNow, c.coverage])).toEqual([
      ["alpha", expect.closeTo(0.675, 12), 0.75],
      ["beta", expect.closeTo(0.3, 12), 0.5],
    ]);
    // Forecast: alpha (0.6 + 0.25) / 2 = 0.425, beta 0.15 -> beta first.
    expect(parts.forgettingOrder).toEqual(["beta", "alpha"]);
  });
});

describe("join codes", () => {
  it("are 8 characters from an alphabet without look-alikes", () => {
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[01ILO]/);
    let n = 0;
    const code = makeJoinCode((max) => n++ % max);
    expect(code).toBe("23456789");
    expect(makeJoinCode((max) => max - 1)).toBe("ZZZZZZZZ");
  });

  it("are compared without case, spaces or dashes", () => {
    expect(normalizeJoinCode(" 7kq4-mz2p ")).toBe("7KQ4MZ2P");
    expect(joinCodeSchema.parse("dlbasics")).toBe("DLBASICS");
    expect(joinCodeSchema.safeParse("ab!").error?.issues[0]?.message).toBe("A join code is 8 letters and digits, like 7KQ4MZ2P.");
    expect(joinCodeSchema.safeParse("").error?.issues[0]?.message).toBe("Enter the join code your instructor gave you.");
  });
});
