/**
 * DTO shaping: the one place where a question becomes what a browser receives. Before an answer the view carries
 * the prompt and the options in displayed order, and nothing that tells which is right (no `correct` flags, no
 * numeric answer or tolerance, no explanation). After an answer, `reviewQuestion` adds all of it.
 */
import { z } from "zod";

import { renderInline, renderMarkdown } from "@/lib/content/render";

import { chosenContentIndexes, isBlank } from "./grade";
import { displayIndexOf, optionOrder } from "./shuffle";
import type { QuizQuestion, QuizQuestionKind, QuizResponse } from "./types";

/** A question as stored (the columns a quiz reads), before its options JSON is checked. */
export interface QuestionRow {
  id: string;
  key: string;
  conceptKey: string;
  kind: QuizQuestionKind;
  prompt: string;
  options: unknown;
  answer: number | null;
  tolerance: number | null;
  unit: string | null;
  explanation: string;
}

const storedOptionsSchema = z.array(z.object({ text: z.string(), correct: z.boolean() })).min(1);

/**
 * A stored question as a `QuizQuestion`.
 * @throws Error when the row does not match its kind (content sync guarantees it does)
 */
export function questionFromRow(row: QuestionRow): QuizQuestion {
  const base = { id: row.id, key: row.key, conceptKey: row.conceptKey, prompt: row.prompt, explanation: row.explanation };
  if (row.kind === "NUMERIC") {
    if (row.answer === null || row.tolerance === null) throw new Error(`Numeric question ${row.key} has no answer.`);
    return { ...base, kind: "NUMERIC", answer: row.answer, tolerance: row.tolerance, unit: row.unit };
  }
  const options = storedOptionsSchema.safeParse(row.options);
  if (!options.success) throw new Error(`Question ${row.key} has malformed options.`);
  return { ...base, kind: row.kind, options: options.data };
}

/** One option as shown: its displayed index (0-based; the UI numbers it from 1) and its rendered text. */
export interface OptionView {
  index: number;
  html: string;
}

/** What the browser receives before the learner answers. */
export interface QuestionView {
  id: string;
  /** 1-based position in the attempt. */
  number: number;
  kind: QuizQuestionKind;
  promptHtml: string;
  /** In displayed order; empty for numeric questions. */
  options: OptionView[];
  /** The unit a numeric answer is given in, if any. */
  unit: string | null;
}

/** The attempt's option order for `question` (empty for numeric questions). */
export function orderFor(question: QuizQuestion, seed: number): number[] {
  return question.kind === "NUMERIC" ? [] : optionOrder(seed, question.id, question.options.length);
}

/** The question as the learner sees it before answering: no correct flags, no answer, no explanation. */
export function questionView(question: QuizQuestion, seed: number, number: number): QuestionView {
  const order = orderFor(question, seed);
  return {
    id: question.id,
    number,
    kind: question.kind,
    promptHtml: renderInline(question.prompt),
    options:
      question.kind === "NUMERIC"
        ? []
        : order.map((contentIndex, index) => ({ index, html: renderInline(question.options[contentIndex]?.text ?? "") })),
    unit: question.kind === "NUMERIC" ? question.unit : null,
  };
}

export interface ReviewedOption extends OptionView {
  correct: boolean;
  chosen: boolean;
}

/** A question after it was graded: what was chosen, what is right, and why. */
export interface QuestionReview extends Omit<QuestionView, "options"> {
  options: ReviewedOption[];
  correct: boolean;
  /** The learner left it blank (only possible when a quiz is graded at the end). */
  blank: boolean;
  response: QuizResponse;
  /** Numeric questions: the learner's number as text, or null. */
  yourValue: string | null;
  /** Numeric questions: "16 (± 0.5)" with the unit; choice questions: null (the options carry `correct`). */
  rightValue: string | null;
  explanationHtml: string;
}

/** Formats a number for people without float noise (0.30000000000000004 -> 0.3). */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** The graded question, with the learner's answer, the right answer and the explanation. */
export function reviewQuestion(
  question: QuizQuestion,
  seed: number,
  number: number,
  response: QuizResponse,
  correct: boolean,
): QuestionReview {
  const view = questionView(question, seed, number);
  const unit = question.kind === "NUMERIC" && question.unit ? ` ${question.unit}` : "";
  let options: ReviewedOption[] = [];
  let yourValue: string | null = null;
  let rightValue: string | null = null;
  if (question.kind === "NUMERIC") {
    yourValue = "value" in response && response.value !== null ? `${formatNumber(response.value)}${unit}` : null;
    rightValue = `${formatNumber(question.answer)}${unit} (± ${formatNumber(question.tolerance)})`;
  } else {
    const order = orderFor(question, seed);
    const chosen = new Set(chosenContentIndexes(question, order, response));
    options = view.options.map((option) => {
      const contentIndex = order[option.index] ?? -1;
      return { ...option, correct: question.options[contentIndex]?.correct ?? false, chosen: chosen.has(contentIndex) };
    });
  }
  return {
    ...view,
    options,
    correct,
    blank: isBlank(response),
    response,
    yourValue,
    rightValue,
    explanationHtml: renderMarkdown(question.explanation),
  };
}

/** The displayed indexes of the correct options (choice questions), for tests and feedback. */
export function correctDisplayIndexes(question: QuizQuestion, seed: number): number[] {
  if (question.kind === "NUMERIC") return [];
  const order = orderFor(question, seed);
  return question.options
    .flatMap((option, contentIndex) => (option.correct ? [displayIndexOf(order, contentIndex)] : []))
    .sort((a, b) => a - b);
}
