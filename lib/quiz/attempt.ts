/**
 * Pure rules about an attempt as a whole: which of its questions still count, how it is named, how it is
 * summarized in a history list, and when two responses are the same answer.
 */
import type { QuizMode, QuizResponse, QuizScope } from "./types";

/**
 * The questions an attempt asks, in its order: every question it was started with, except those retired from the
 * course since then that the learner had not answered yet (answered ones keep their grade).
 */
export function activeQuestionIds(
  questionIds: readonly string[],
  isLive: (questionId: string) => boolean,
  answered: ReadonlySet<string>,
): string[] {
  return questionIds.filter((id) => answered.has(id) || isLive(id));
}

/** The same answer in one canonical form: chosen options in ascending order. */
export function normalizeResponse(response: QuizResponse): QuizResponse {
  return "choices" in response ? { choices: [...response.choices].sort((a, b) => a - b) } : { value: response.value };
}

/** True when two responses are the same answer (the order options were clicked in does not matter). */
export function sameResponse(a: QuizResponse, b: QuizResponse): boolean {
  const x = normalizeResponse(a);
  const y = normalizeResponse(b);
  if ("choices" in x && "choices" in y) return x.choices.length === y.choices.length && x.choices.every((c, i) => c === y.choices[i]);
  if ("value" in x && "value" in y) return x.value === y.value;
  return false;
}

/** A name for a quiz a person recognizes: the concept, the concepts mixed, or "Everything due soon". */
export function attemptTitle(scope: QuizScope, conceptKeys: readonly string[], titleOf: (key: string) => string | undefined): string {
  if (scope === "DUE_SOON") return "Everything due soon";
  const titles = conceptKeys.map((key) => titleOf(key) ?? key);
  if (scope === "CONCEPT") return titles[0] ?? "Concept quiz";
  if (titles.length <= 3) return `Mixed: ${titles.join(", ")}`;
  return `Mixed: ${titles.slice(0, 2).join(", ")} and ${titles.length - 2} more`;
}

/** One line of a learner's quiz history. */
export interface AttemptSummary {
  id: string;
  scope: QuizScope;
  mode: QuizMode;
  conceptKeys: string[];
  title: string;
  startedAt: Date;
  submittedAt: Date | null;
  /** Questions answered so far. */
  answered: number;
  /** Questions in the attempt (once submitted: the questions graded). */
  total: number;
  /** Right answers; null while the attempt is in progress. */
  correctCount: number | null;
}

/** A stored attempt (the columns a history list reads) as a summary line. */
export function summarizeAttempt(
  row: {
    id: string;
    scope: QuizScope;
    mode: QuizMode;
    conceptKeys: string[];
    questionIds: string[];
    startedAt: Date;
    submittedAt: Date | null;
    correctCount: number | null;
    answered: number;
  },
  titleOf: (key: string) => string | undefined,
): AttemptSummary {
  return {
    id: row.id,
    scope: row.scope,
    mode: row.mode,
    conceptKeys: row.conceptKeys,
    title: attemptTitle(row.scope, row.conceptKeys, titleOf),
    startedAt: row.startedAt,
    submittedAt: row.submittedAt,
    answered: row.answered,
    total: row.submittedAt ? row.answered : row.questionIds.length,
    correctCount: row.submittedAt ? row.correctCount : null,
  };
}

/** "3 / 5 (60%)". */
export function formatScore(correct: number, total: number): string {
  return total === 0 ? "0 / 0" : `${correct} / ${total} (${Math.round((100 * correct) / total)}%)`;
}
