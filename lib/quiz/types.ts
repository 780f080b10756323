/**
 * The quiz's own types. A `QuizQuestion` is the full question as the server knows it (with the right answer);
 * it never leaves the server. What a client may see is shaped in `view.ts`.
 */

export type QuizQuestionKind = "SINGLE" | "MULTIPLE" | "NUMERIC";
export type QuizScope = "CONCEPT" | "MIXED" | "DUE_SOON";
export type QuizMode = "STEP" | "END";

export interface QuizOption {
  text: string;
  correct: boolean;
}

interface QuestionBase {
  id: string;
  key: string;
  conceptKey: string;
  prompt: string;
  explanation: string;
}

export interface ChoiceQuestion extends QuestionBase {
  kind: "SINGLE" | "MULTIPLE";
  /** In content order; displayed in a per-attempt shuffled order (see `shuffle.ts`). */
  options: QuizOption[];
}

export interface NumericQuestion extends QuestionBase {
  kind: "NUMERIC";
  answer: number;
  /** Absolute: a value within `answer ± tolerance` is right. */
  tolerance: number;
  unit: string | null;
}

export type QuizQuestion = ChoiceQuestion | NumericQuestion;

/**
 * A learner's answer as stored in `QuizAnswer.response`: the displayed indexes of the chosen options, or a number.
 * An empty `choices` or a null `value` is a question left blank (only possible when a quiz is graded at the end).
 */
export type QuizResponse = { choices: number[] } | { value: number | null };
