import type { Rating } from "./memory-state";

/**
 * How every source of evidence becomes an FSRS rating. This module is the only place that decides it:
 * review buttons pass the learner's own grade through; quiz answers and lab predictions are mapped here.
 *
 * - Quiz: a wrong answer is Again on each card linked to the question; a right answer is Good. A card not
 *   yet in the learner's collection is introduced by that rating (it becomes a learning card).
 * - Lab: a prediction the run confirms is Good, one it refutes is Again, on the cards linked to that
 *   prediction. Running a lab without predicting produces no rating at all.
 *
 * Quizzes and labs never give Hard or Easy: a single right or wrong answer says whether the learner
 * recalled, not how easily, and Good/Again are the ratings FSRS models as plain recall and plain failure.
 */

/** The rating values by name. */
export const RATING = { Again: 1, Hard: 2, Good: 3, Easy: 4 } as const satisfies Record<string, Rating>;

export type RatingName = keyof typeof RATING;

/** Where a review came from (mirrors the `ReviewLog.source` enum). */
export type ReviewSource = "REVIEW" | "QUIZ" | "LAB";

/** The outcome of one lab prediction once the run has finished. */
export type LabPredictionOutcome = "confirmed" | "refuted";

/** "Again", "Hard", "Good" or "Easy". */
export function ratingName(rating: Rating): RatingName {
  switch (rating) {
    case 1:
      return "Again";
    case 2:
      return "Hard";
    case 3:
      return "Good";
    case 4:
      return "Easy";
  }
}

/** Quiz answer -> rating for each card linked to the question: wrong is Again, right is Good. */
export function ratingForQuizAnswer(correct: boolean): Rating {
  return correct ? RATING.Good : RATING.Again;
}

/** Lab prediction -> rating for each card linked to it: refuted is Again, confirmed is Good. */
export function ratingForLabPrediction(outcome: LabPredictionOutcome): Rating {
  return outcome === "confirmed" ? RATING.Good : RATING.Again;
}

/** One row of the table that explains the mapping to learners. */
export interface RatingRule {
  source: ReviewSource;
  outcome: string;
  /** null where no fixed rating applies: a review button's own grade, or a lab run with no prediction. */
  rating: Rating | null;
  ratingName: RatingName | null;
  explanation: string;
}

/** The whole mapping as data, for the UI to show ("why did this card move?"). */
export const RATING_RULES: readonly RatingRule[] = Object.freeze([
  {
    source: "REVIEW",
    outcome: "you pressed a button",
    rating: null,
    ratingName: null,
    explanation: "Review buttons are your own grade: Again, Hard, Good or Easy, used as pressed.",
  },
  {
    source: "QUIZ",
    outcome: "wrong answer",
    rating: ratingForQuizAnswer(false),
    ratingName: ratingName(ratingForQuizAnswer(false)),
    explanation: "Each card linked to the question is marked Again and comes back soon.",
  },
  {
    source: "QUIZ",
    outcome: "right answer",
    rating: ratingForQuizAnswer(true),
    ratingName: ratingName(ratingForQuizAnswer(true)),
    explanation: "Each card linked to the question is marked Good; a card you had not studied yet is added.",
  },
  {
    source: "LAB",
    outcome: "prediction refuted by the run",
    rating: ratingForLabPrediction("refuted"),
    ratingName: ratingName(ratingForLabPrediction("refuted")),
    explanation: "Each card linked to the prediction is marked Again.",
  },
  {
    source: "LAB",
    outcome: "prediction confirmed by the run",
    rating: ratingForLabPrediction("confirmed"),
    ratingName: ratingName(ratingForLabPrediction("confirmed")),
    explanation: "Each card linked to the prediction is marked Good.",
  },
  {
    source: "LAB",
    outcome: "result too close to call, or settings that do not test the fact",
    rating: null,
    ratingName: null,
    explanation: "No card moves: a grade is written only when the run decides the prediction.",
  },
  {
    source: "LAB",
    outcome: "ran without predicting",
    rating: null,
    ratingName: null,
    explanation: "Nothing is recorded: only predictions move cards.",
  },
]);
