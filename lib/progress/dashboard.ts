import { isValidTimeZone, studyDayNumber } from "@/lib/srs";

import { latest, trueRetention } from "./activity";
import { assessRisk, type RiskThresholds } from "./at-risk";
import { rankByForgetting } from "./forecast";
import { classMastery, coverage, masteryGrid, overallMastery, type LearnerWeights, type MasteryGrid, type RecallSum } from "./mastery";
import { streakFromLastRun, type DayRun } from "./streaks";
import type { ConceptSummary, StudentSummary } from "./types";

/** A student as the roster query returns them, with the settings the metrics depend on. */
export interface RosterStudent {
  id: string;
  name: string;
  email: string;
  joinedAt: Date;
  timeZone: string;
  dayStartHour: number;
  weights: LearnerWeights;
}

/** Per-student aggregates from SQL; a student with no rows in a table has no entry (all zeros). */
export interface StudentAggregates {
  reviews7d: number;
  /**
   * Cards in the collection (not NEW) due before the learner's study day ends, and of those the ones that fell
   * due before it began (see `dayWindow` in lib/srs).
   */
  dueToday: number;
  overdue: number;
  /** Reviews of graduated cards in the last 30 days, and how many of them passed. */
  retentionTotal: number;
  retentionPassed: number;
  lastReviewAt: Date | null;
  /** The most recent run of consecutive study days with a review. */
  lastRun: DayRun | null;
  quizzesTaken: number;
  quizAverage: number | null;
  lastQuizAt: Date | null;
  labRuns: number;
  lastLabAt: Date | null;
}

export const EMPTY_AGGREGATES: StudentAggregates = Object.freeze({
  reviews7d: 0,
  dueToday: 0,
  overdue: 0,
  retentionTotal: 0,
  retentionPassed: 0,
  lastReviewAt: null,
  lastRun: null,
  quizzesTaken: 0,
  quizAverage: null,
  lastQuizAt: null,
  labRuns: 0,
  lastLabAt: null,
});

export interface CourseConcept {
  key: string;
  title: string;
  group: string;
  order: number;
  cardCount: number;
}

export interface DashboardInput {
  students: readonly RosterStudent[];
  aggregates: ReadonlyMap<string, Partial<StudentAggregates>>;
  /** Recall sums per student and concept at [now, forecastAt] (see `sumRecall`). */
  recall: readonly RecallSum[];
  /** In course order. */
  concepts: readonly CourseConcept[];
  thresholds: RiskThresholds;
  now: Date;
}

export interface DashboardParts {
  students: StudentSummary[];
  concepts: ConceptSummary[];
  forgettingOrder: string[];
  heatmap: { now: (number | null)[][]; forecast: (number | null)[][] };
  grid: MasteryGrid;
}

/**
 * The zone and day-start hour used for a learner's study days: theirs when valid, else UTC and 04:00, so one
 * bad settings row cannot break a class's dashboard. The data layer passes the same values to SQL.
 */
export function studyClock(timeZone: string | null | undefined, dayStartHour: number | null | undefined) {
  return {
    timeZone: timeZone && isValidTimeZone(timeZone) ? timeZone : "UTC",
    dayStartHour:
      typeof dayStartHour === "number" && Number.isInteger(dayStartHour) && dayStartHour >= 0 && dayStartHour <= 23
        ? dayStartHour
        : 4,
  };
}

/**
 * Everything on a class dashboard except the class itself, from the aggregates and recall sums: per-student
 * summaries (streak on their own study days, at-risk reasons), concept
 * mastery now and on the forecast date (the second instant of the sums), the forgetting ranking and the heatmap. Students come out in the order given.
 */
export function buildDashboard(input: DashboardInput): DashboardParts {
  const { students, concepts, now } = input;
  const grid = masteryGrid({ students, concepts, sums: input.recall, instants: 2 });
  const overallNow = overallMastery(grid, concepts, 0);
  const overallForecast = overallMastery(grid, concepts, 1);

  const summaries = students.map((s, i): StudentSummary => {
    const a = { ...EMPTY_AGGREGATES, ...input.aggregates.get(s.id) };
    const { timeZone, dayStartHour } = studyClock(s.timeZone, s.dayStartHour);
    const retention = trueRetention(a.retentionPassed, a.retentionTotal);
    const lastActiveAt = latest(a.lastReviewAt, a.lastQuizAt, a.lastLabAt);
    return {
      id: s.id,
      name: s.name,
      email: s.email,
      joinedAt: s.joinedAt,
      lastActiveAt,
      streakDays: streakFromLastRun(a.lastRun, studyDayNumber(now, timeZone, dayStartHour)),
      reviews7d: a.reviews7d,
      dueToday: a.dueToday,
      overdue: a.overdue,
      retention30d: retention,
      retentionReviews30d: a.retentionTotal,
      quizAverage: a.quizAverage,
      quizzesTaken: a.quizzesTaken,
      labRuns: a.labRuns,
      masteryNow: overallNow[i] ?? null,
      masteryForecast: overallForecast[i] ?? null,
      risk: assessRisk(
        { overdue: a.overdue, retention, retentionReviews: a.retentionTotal, lastActiveAt, joinedAt: s.joinedAt },
        input.thresholds,
        now,
      ),
    };
  });

  const classNow = classMastery(grid, 0);
  const classForecast = classMastery(grid, 1);
  const covered = coverage(grid, concepts);
  const conceptSummaries = concepts.map(
    (c, j): ConceptSummary => ({
      key: c.key,
      title: c.title,
      group: c.group,
      order: c.order,
      cardCount: c.cardCount,
      masteryNow: classNow[j] ?? null,
      masteryForecast: classForecast[j] ?? null,
      coverage: covered[j] ?? null,
    }),
  );

  return {
    students: summaries,
    concepts: conceptSummaries,
    forgettingOrder: rankByForgetting(conceptSummaries).map((c) => c.key),
    heatmap: { now: grid.mastery[0] ?? [], forecast: grid.mastery[1] ?? [] },
    grid,
  };
}
