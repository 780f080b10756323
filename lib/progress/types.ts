import type { RiskReason, RiskThresholds } from "./at-risk";

/** The DTOs of the class views. Built by lib/db, rendered by components, shaped into CSV by ./csv. */

export interface ClassInfo {
  id: string;
  name: string;
  joinCode: string;
  archivedAt: Date | null;
  createdAt: Date;
  thresholds: RiskThresholds;
}

/** One row of the roster: what a student has done and how they stand. */
export interface StudentSummary {
  id: string;
  name: string;
  email: string;
  joinedAt: Date;
  /** Latest review, quiz or lab run; null when none. */
  lastActiveAt: Date | null;
  streakDays: number;
  reviews7d: number;
  dueToday: number;
  overdue: number;
  /** 30-day true retention (0-1); null with no reviews of graduated cards in the window. */
  retention30d: number | null;
  retentionReviews30d: number;
  /** Mean score (0-1) of submitted quizzes; null when none. */
  quizAverage: number | null;
  quizzesTaken: number;
  labRuns: number;
  /** Mean recall probability over every card of the course, now and on the forecast date. */
  masteryNow: number | null;
  masteryForecast: number | null;
  risk: RiskReason[];
}

export interface ConceptSummary {
  key: string;
  title: string;
  group: string;
  order: number;
  cardCount: number;
  masteryNow: number | null;
  masteryForecast: number | null;
  /** Share of (student, card) pairs studied at least once. */
  coverage: number | null;
}

export interface ClassDashboard {
  class: ClassInfo;
  now: Date;
  /** "YYYY-MM-DD" the instructor picked (or the default). */
  forecastDate: string;
  /** The instant the forecast is computed for (see `forecastInstant`). */
  forecastAt: Date;
  /** Sorted by name. */
  students: StudentSummary[];
  /** In course order. */
  concepts: ConceptSummary[];
  /** Concept keys, what the class will have forgotten most by the forecast date first. */
  forgettingOrder: string[];
  /** `now[i][j]`, `forecast[i][j]`: mastery of `students[i]` in `concepts[j]`. */
  heatmap: { now: (number | null)[][]; forecast: (number | null)[][] };
}

export interface ActivityItem {
  reviewedAt: Date;
  rating: 1 | 2 | 3 | 4;
  source: "REVIEW" | "QUIZ" | "LAB";
  conceptKey: string;
  conceptTitle: string;
  cardKey: string;
}

export interface QuizResult {
  id: string;
  startedAt: Date;
  submittedAt: Date | null;
  scope: "CONCEPT" | "MIXED" | "DUE_SOON";
  correct: number | null;
  questions: number;
  conceptTitles: string[];
}

export interface LabRunItem {
  id: string;
  createdAt: Date;
  labTitle: string;
  backend: string;
  predictions: number;
  confirmed: number;
}

export interface StudentConceptRow {
  key: string;
  title: string;
  cardCount: number;
  studied: number;
  masteryNow: number | null;
  masteryForecast: number | null;
}

/** One student of an instructor's class, in detail. */
export interface StudentProgress {
  class: ClassInfo;
  forecastDate: string;
  forecastAt: Date;
  summary: StudentSummary;
  concepts: StudentConceptRow[];
  recentActivity: ActivityItem[];
  quizzes: QuizResult[];
  labRuns: LabRunItem[];
}

export interface ConceptStudentRow {
  id: string;
  name: string;
  studied: number;
  masteryNow: number | null;
  masteryForecast: number | null;
}

export interface ConceptCardRow {
  key: string;
  kind: "BASIC" | "CLOZE";
  /** The card's prompt as Markdown source. */
  prompt: string;
  /** Students who have studied the card. */
  studied: number;
  /** Mean recall probability of the card over all students (0 for those who have not studied it). */
  recallNow: number | null;
  recallForecast: number | null;
}

/** One concept across an instructor's class. */
export interface ConceptProgress {
  class: ClassInfo;
  forecastDate: string;
  forecastAt: Date;
  concept: ConceptSummary;
  /** Lowest forecast mastery first. */
  students: ConceptStudentRow[];
  cards: ConceptCardRow[];
}
