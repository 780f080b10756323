import type { ChoiceQuestion, NumericQuestion } from "@/lib/quiz/types";

/** Four options, the third (content index 2) correct. */
export const single: ChoiceQuestion = {
  id: "qsingle00001",
  key: "q-single",
  conceptKey: "c",
  kind: "SINGLE",
  prompt: "Which penalty gives **sparse** weights?",
  options: [
    { text: "L2", correct: false },
    { text: "None", correct: false },
    { text: "L1 with $\\lambda > 0$", correct: true },
    { text: "Dropout", correct: false },
  ],
  explanation: "L1's constant pull sets weights to exactly zero.",
};

/** Five options; content indexes 0 and 3 correct. */
export const multiple: ChoiceQuestion = {
  id: "qmultiple001",
  key: "q-multiple",
  conceptKey: "c",
  kind: "MULTIPLE",
  prompt: "Which statements are true?",
  options: [
    { text: "A", correct: true },
    { text: "B", correct: false },
    { text: "C", correct: false },
    { text: "D", correct: true },
    { text: "E", correct: false },
  ],
  explanation: "A and D hold; the others do not.",
};

export const numeric: NumericQuestion = {
  id: "qnumeric0001",
  key: "q-numeric",
  conceptKey: "c",
  kind: "NUMERIC",
  prompt: "After how many steps is $w$ zero?",
  answer: 16,
  tolerance: 0.5,
  unit: "steps",
  explanation: "Each step moves the weight by 0.05.",
};

/** The displayed index of a content option under `order` (order[display] = content). */
export function shown(order: readonly number[], contentIndex: number): number {
  const i = order.indexOf(contentIndex);
  if (i < 0) throw new Error(`content option ${contentIndex} is not shown`);
  return i;
}
