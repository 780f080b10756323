import type { Course } from "./course";

export interface CourseStats {
  concepts: number;
  cards: number;
  questions: number;
  labLinks: number;
}

/**
 * Counts of the loaded course. `labLinks` is the number of ways into a lab: every concept -> lab link
 * (each entry of a concept's `labs`) plus every card that carries a lab preset (`lab:`). A concept linking
 * two labs counts 2; a card with a preset counts 1 even when its concept links the same lab.
 */
export function courseStats(course: Course): CourseStats {
  const conceptLinks = course.concepts.reduce((sum, concept) => sum + concept.labs.length, 0);
  const cardPresets = course.cards.filter((card) => card.lab !== undefined).length;
  return {
    concepts: course.concepts.length,
    cards: course.cards.length,
    questions: course.questions.length,
    labLinks: conceptLinks + cardPresets,
  };
}
