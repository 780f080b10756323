/**
 * Grading, done on the server only. A response names displayed option indexes; the attempt's option order maps
 * them back to the content's options. Malformed answers (the wrong kind, an option that is not shown, the same
 * option twice, two options for a single-choice question) are a ValidationError, never a wrong answer.
 */
import { ValidationError } from "@/lib/errors";

import { contentIndexOf } from "./shuffle";
import type { ChoiceQuestion, NumericQuestion, QuizQuestion, QuizResponse } from "./types";

/**
 * Floating-point slack for the tolerance check, relative to the numbers' size: `0.4` is within `0.3 ± 0.1`
 * although `0.4 - 0.3` is `0.10000000000000003` in binary floating point. Far smaller than any tolerance an
 * author writes, so it never accepts a value that is meaningfully outside.
 */
const RELATIVE_SLACK = 1e-9;

/**
 * True when `value` lies in the closed interval `answer ± tolerance` (edges included).
 */
export function withinTolerance(value: number, answer: number, tolerance: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(answer) || !(tolerance >= 0)) return false;
  const slack = RELATIVE_SLACK * Math.max(1, Math.abs(answer), Math.abs(value), tolerance);
  return Math.abs(value - answer) <= tolerance + slack;
}

/** True when the learner left the question blank. */
export function isBlank(response: QuizResponse): boolean {
  return "choices" in response ? response.choices.length === 0 : response.value === null;
}

/**
 * Checks that `response` fits `question` as displayed with `order`, and returns the chosen content indexes
 * (for choice questions) in display order.
 * @throws ValidationError naming what is wrong with the answer
 */
export function chosenContentIndexes(question: ChoiceQuestion, order: readonly number[], response: QuizResponse): number[] {
  if (!("choices" in response)) {
    throw new ValidationError("This question is answered by choosing options, not with a number.");
  }
  if (question.kind === "SINGLE" && response.choices.length > 1) {
    throw new ValidationError("This question has one right answer; choose a single option.");
  }
  if (new Set(response.choices).size !== response.choices.length) {
    throw new ValidationError("The same option was chosen twice.");
  }
  return response.choices.map((displayIndex) => {
    const contentIndex = contentIndexOf(order, displayIndex);
    if (contentIndex === undefined || question.options[contentIndex] === undefined) {
      throw new ValidationError(
        `Option ${displayIndex + 1} does not exist; this question has ${question.options.length} options.`,
      );
    }
    return contentIndex;
  });
}

/** Single choice: right when the one chosen option is the correct one. Multiple: right when exactly the correct set is chosen. */
function gradeChoice(question: ChoiceQuestion, order: readonly number[], response: QuizResponse): boolean {
  const chosen = new Set(chosenContentIndexes(question, order, response));
  if (chosen.size === 0) return false;
  return question.options.every((option, i) => option.correct === chosen.has(i));
}

function gradeNumeric(question: NumericQuestion, response: QuizResponse): boolean {
  if (!("value" in response)) {
    throw new ValidationError("This question is answered with a number.");
  }
  return response.value !== null && withinTolerance(response.value, question.answer, question.tolerance);
}

/**
 * Grades one answer. `order` is the attempt's option order for this question (ignored for numeric questions).
 * A blank answer is wrong; whether a blank is allowed at all is the caller's rule.
 * @throws ValidationError when the response does not fit the question
 */
export function gradeResponse(question: QuizQuestion, order: readonly number[], response: QuizResponse): boolean {
  return question.kind === "NUMERIC" ? gradeNumeric(question, response) : gradeChoice(question, order, response);
}

/** The blank response for a question's kind: what an unanswered question is graded as. */
export function blankResponse(question: QuizQuestion): QuizResponse {
  return question.kind === "NUMERIC" ? { value: null } : { choices: [] };
}
