import { describe, expect, it } from "vitest";

import {
  assessRisk,
  describeRisk,
  MIN_RETENTION_REVIEWS,
  riskThresholdsSchema,
  thresholdsFromInput,
  type RiskInput,
} from "@/lib/progress/at-risk";

const NOW = new Date("2026-03-10T12:00:00Z");
const DAY = 86_400_000;
const THRESHOLDS = { overdueCards: 50, retention: 0.8, inactiveDays: 7 };
const healthy: RiskInput = {
  overdue: 0,
  retention: 0.95,
  retentionReviews: 40,
  lastActiveAt: new Date(NOW.getTime() - DAY),
  joinedAt: new Date(NOW.getTime() - 60 * DAY),
};
const kinds = (input: Partial<RiskInput>) => assessRisk({ ...healthy, ...input }, THRESHOLDS, NOW).map((r) => r.kind);

describe("assessRisk", () => {
  it("flags nobody who is within every threshold", () => {
    expect(kinds({})).toEqual([]);
  });

  it("overdue backlog: at the threshold, not one below", () => {
    expect(kinds({ overdue: 49 })).toEqual([]);
    expect(kinds({ overdue: 50 })).toEqual(["overdue"]);
  });

  it("retention: strictly below the threshold, and only with enough reviews to judge", () => {
    expect(kinds({ retention: 0.8 })).toEqual([]);
    expect(kinds({ retention: 0.7999 })).toEqual(["retention"]);
    expect(kinds({ retention: 0.1, retentionReviews: MIN_RETENTION_REVIEWS - 1 })).toEqual([]);
    expect(kinds({ retention: 0.1, retentionReviews: MIN_RETENTION_REVIEWS })).toEqual(["retention"]);
    expect(kinds({ retention: null, retentionReviews: 0 })).toEqual([]);
  });

  it("inactive: exactly the threshold in days counts, a millisecond less does not", () => {
    expect(kinds({ lastActiveAt: new Date(NOW.getTime() - 7 * DAY + 1) })).toEqual([]);
    expect(kinds({ lastActiveAt: new Date(NOW.getTime() - 7 * DAY) })).toEqual(["inactive"]);
  });

  it("a student who never did anything is judged from the day they joined", () => {
    expect(kinds({ lastActiveAt: null, joinedAt: new Date(NOW.getTime() - 6 * DAY) })).toEqual([]);
    const reasons = assessRisk({ ...healthy, lastActiveAt: null, joinedAt: new Date(NOW.getTime() - 9.5 * DAY) }, THRESHOLDS, NOW);
    expect(reasons).toEqual([{ kind: "inactive", days: 9, threshold: 7, neverActive: true }]);
  });

  it("reports every reason that applies, each in words", () => {
    const reasons = assessRisk(
      { overdue: 72, retention: 0.61, retentionReviews: 23, lastActiveAt: new Date(NOW.getTime() - 12 * DAY), joinedAt: healthy.joinedAt },
      THRESHOLDS,
      NOW,
    );
    expect(reasons.map(describeRisk)).toEqual([
      "72 overdue cards (limit 50)",
      "retention 61% over 23 reviews (below 80%)",
      "inactive for 12 days",
    ]);
    expect(describeRisk({ kind: "overdue", overdue: 1, threshold: 1 })).toBe("1 overdue card (limit 1)");
    expect(describeRisk({ kind: "inactive", days: 9, threshold: 7, neverActive: true })).toBe("no activity since joining 9 days ago");
  });
});

describe("thresholds input", () => {
  it("takes form strings, retention in percent", () => {
    const parsed = riskThresholdsSchema.parse({ overdueCards: "25", retentionPercent: "85.5", inactiveDays: "10" });
    expect(thresholdsFromInput(parsed)).toEqual({ overdueCards: 25, retention: 0.855, inactiveDays: 10 });
  });

  it("names the field and the fix for values out of range", () => {
    const result = riskThresholdsSchema.safeParse({ overdueCards: "2.5", retentionPercent: "30", inactiveDays: "0" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(messages).toEqual({
      overdueCards: "Enter a whole number of cards.",
      retentionPercent: "Use a retention of at least 50%.",
      inactiveDays: "Use at least 1 day.",
    });
  });
});
