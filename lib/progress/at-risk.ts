import { z } from "zod";

const DAY_MS = 86_400_000;

/**
 * Fewer reviews than this in the retention window say too little about a learner's retention to flag them
 * (one failed review would read as 0%).
 */
export const MIN_RETENTION_REVIEWS = 10;

/** A class's at-risk thresholds (columns `atRiskOverdue`, `atRiskRetention`, `atRiskInactiveDays`). */
export interface RiskThresholds {
  /** At risk with this many overdue cards or more. */
  overdueCards: number;
  /** At risk with a 30-day true retention below this (0-1). */
  retention: number;
  /** At risk after this many days (or more) without any activity. */
  inactiveDays: number;
}

/** What the settings form sends and the action checks. Retention is entered as a percentage. */
export const riskThresholdsSchema = z.object({
  overdueCards: z.coerce
    .number({ error: "Enter a whole number of cards." })
    .int("Enter a whole number of cards.")
    .min(1, "Use at least 1 card.")
    .max(10_000, "Use at most 10,000 cards."),
  retentionPercent: z.coerce
    .number({ error: "Enter a percentage." })
    .min(50, "Use a retention of at least 50%.")
    .max(99, "Use a retention of at most 99%."),
  inactiveDays: z.coerce
    .number({ error: "Enter a whole number of days." })
    .int("Enter a whole number of days.")
    .min(1, "Use at least 1 day.")
    .max(365, "Use at most 365 days."),
});

export type RiskThresholdsInput = z.infer<typeof riskThresholdsSchema>;

/** Form values -> thresholds. */
export function thresholdsFromInput(input: RiskThresholdsInput): RiskThresholds {
  return {
    overdueCards: input.overdueCards,
    retention: Math.round(input.retentionPercent * 10) / 1000,
    inactiveDays: input.inactiveDays,
  };
}

export type RiskReason =
  | { kind: "overdue"; overdue: number; threshold: number }
  | { kind: "retention"; retention: number; reviews: number; threshold: number }
  | { kind: "inactive"; days: number; threshold: number; neverActive: boolean };

export interface RiskInput {
  overdue: number;
  /** 30-day true retention (0-1), or null with no reviews to measure it. */
  retention: number | null;
  /** Reviews behind `retention`. */
  retentionReviews: number;
  lastActiveAt: Date | null;
  joinedAt: Date;
}

/**
 * Why a student is at risk; empty when they are not. The rules, each at or past its class threshold:
 * - overdue backlog: overdue cards >= `overdueCards`;
 * - low retention: 30-day true retention < `retention`, judged only on `MIN_RETENTION_REVIEWS` reviews or more;
 * - inactive: at least `inactiveDays` days (exact, 24-hour days) since the last activity, or since joining for
 *   a student who has never done anything (a student who joined yesterday is not inactive yet).
 */
export function assessRisk(input: RiskInput, thresholds: RiskThresholds, now: Date): RiskReason[] {
  const reasons: RiskReason[] = [];
  if (input.overdue >= thresholds.overdueCards) {
    reasons.push({ kind: "overdue", overdue: input.overdue, threshold: thresholds.overdueCards });
  }
  if (
    input.retention !== null &&
    input.retentionReviews >= MIN_RETENTION_REVIEWS &&
    input.retention < thresholds.retention
  ) {
    reasons.push({
      kind: "retention",
      retention: input.retention,
      reviews: input.retentionReviews,
      threshold: thresholds.retention,
    });
  }
  const since = input.lastActiveAt ?? input.joinedAt;
  const days = (now.getTime() - since.getTime()) / DAY_MS;
  if (days >= thresholds.inactiveDays) {
    reasons.push({
      kind: "inactive",
      days: Math.floor(days),
      threshold: thresholds.inactiveDays,
      neverActive: input.lastActiveAt === null,
    });
  }
  return reasons;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** One sentence per reason, for badges, tooltips and the CSV. */
export function describeRisk(reason: RiskReason): string {
  switch (reason.kind) {
    case "overdue":
      return `${plural(reason.overdue, "overdue card", "overdue cards")} (limit ${reason.threshold})`;
    case "retention":
      return `retention ${Math.round(reason.retention * 100)}% over ${plural(reason.reviews, "review", "reviews")} (below ${Math.round(reason.threshold * 100)}%)`;
    case "inactive":
      return reason.neverActive
        ? `no activity since joining ${plural(reason.days, "day", "days")} ago`
        : `inactive for ${plural(reason.days, "day", "days")}`;
  }
}
