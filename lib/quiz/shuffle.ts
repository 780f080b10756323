/**
 * Seeded orders for a quiz attempt. The attempt stores one seed; every order is derived from it and the question's
 * id, so a resumed attempt shows the same order and grading maps displayed indexes back to content indexes.
 */
import seedrandom from "seedrandom";

/** Fisher-Yates with a seeded Alea generator: the same (seed, stream) always gives the same permutation. */
function permutation(count: number, seed: number, stream: string): number[] {
  const random = seedrandom.alea(`${seed}:${stream}`);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = order[i] as number;
    order[i] = order[j] as number;
    order[j] = a;
  }
  return order;
}

/**
 * The displayed order of a question's options in an attempt: `order[displayIndex] = contentIndex`.
 */
export function optionOrder(seed: number, questionId: string, optionCount: number): number[] {
  return permutation(optionCount, seed, `options:${questionId}`);
}

/** The content index of the option shown at `displayIndex`, or undefined when there is no such option. */
export function contentIndexOf(order: readonly number[], displayIndex: number): number | undefined {
  return Number.isInteger(displayIndex) && displayIndex >= 0 ? order[displayIndex] : undefined;
}

/** Where the option at `contentIndex` is shown, or -1. */
export function displayIndexOf(order: readonly number[], contentIndex: number): number {
  return order.indexOf(contentIndex);
}

/** `items` in an order fixed by `seed` (mixed quizzes interleave their concepts this way). */
export function shuffledBySeed<T>(items: readonly T[], seed: number): T[] {
  return permutation(items.length, seed, "questions").map((i) => items[i] as T);
}
