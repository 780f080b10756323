import { FSRS_WEIGHT_COUNT, decayOf, forgettingCurve, type CardStateName } from "@/lib/srs";

const DAY_MS = 86_400_000;

/** FSRS weights as the dashboard uses them: a learner's fitted weights, or null for the defaults. */
export type LearnerWeights = readonly number[] | null;

/**
 * The weights stored for a learner, made safe for the forgetting curve: 21 finite numbers are used as they
 * are; an empty array (never fitted) or anything malformed means the defaults, so one bad settings row cannot
 * break a whole class's dashboard.
 */
export function learnerWeights(stored: readonly number[] | null | undefined): LearnerWeights {
  return stored && stored.length === FSRS_WEIGHT_COUNT && stored.every(Number.isFinite) ? stored : null;
}

/** What mastery needs of one `CardState` row. */
export interface CardMemory {
  userId: string;
  conceptKey: string;
  state: CardStateName;
  stability: number;
  lastReview: Date | null;
}

/**
 * Probability that the learner recalls a card at `at`: the FSRS-6 forgetting curve of lib/srs,
 *
 *   R(t, S) = (1 + factor * t / S)^(-decay),   factor = 0.9^(-1/decay) - 1,   decay = w[20],
 *
 * with S the card's stability, t the days (fractional) since its last review (t < 0 counts as 0) and w the
 * learner's weights. A card that is NEW or was never reviewed has R = 0. This is `retrievability` from
 * lib/srs for the three fields a `CardState` row needs here (a unit test checks they agree).
 */
export function recallProbability(
  memory: Pick<CardMemory, "state" | "stability" | "lastReview">,
  at: Date,
  weights: LearnerWeights,
): number {
  if (memory.state === "NEW" || memory.lastReview === null || !(memory.stability > 0)) return 0;
  return forgettingCurve((at.getTime() - memory.lastReview.getTime()) / DAY_MS, memory.stability, weights);
}

export interface GridStudent {
  id: string;
  weights: LearnerWeights;
}

export interface GridConcept {
  key: string;
  /** Cards of the concept that are in the course (not retired). */
  cardCount: number;
}

/** Mastery of every student in every concept, at one or more instants. */
export interface MasteryGrid {
  studentIds: string[];
  conceptKeys: string[];
  /** `mastery[k][i][j]`: student i, concept j, at instant k; null when the concept has no cards. */
  mastery: (number | null)[][][];
  /** `studied[i][j]`: cards of concept j that student i has reviewed at least once. */
  studied: number[][];
}

/** The sum of R over one student's studied cards of one concept, at each instant, and how many there are. */
export interface RecallSum {
  userId: string;
  conceptKey: string;
  studied: number;
  /** `recall[k]`: sum of R at instant k. */
  recall: number[];
}

/** The forgetting curve's two constants for a learner: decay = w[20] (clipped as ts-fsrs clips it) and factor. */
export function curveOf(weights: LearnerWeights): { decay: number; factor: number } {
  const decay = decayOf(weights);
  return { decay, factor: Math.pow(0.9, -1 / decay) - 1 };
}

/**
 * Per student and concept, the sum of recall probabilities of the studied cards at each instant in `at`
 * (what the data layer computes in SQL for a whole class). `memories` must be of cards in the course;
 * memories of students not listed are ignored.
 */
export function sumRecall(memories: Iterable<CardMemory>, students: readonly GridStudent[], at: readonly Date[]): RecallSum[] {
  const weights = new Map(students.map((s) => [s.id, s.weights]));
  const sums = new Map<string, RecallSum>();
  for (const memory of memories) {
    if (!weights.has(memory.userId) || memory.state === "NEW" || memory.lastReview === null) continue;
    const key = `${memory.userId}\u0000${memory.conceptKey}`;
    let sum = sums.get(key);
    if (!sum) sums.set(key, (sum = { userId: memory.userId, conceptKey: memory.conceptKey, studied: 0, recall: at.map(() => 0) }));
    sum.studied++;
    at.forEach((instant, k) => {
      sum.recall[k]! += recallProbability(memory, instant, weights.get(memory.userId) ?? null);
    });
  }
  return [...sums.values()];
}

/**
 * Mastery of student s in concept c at time t: the mean recall probability over the concept's n_c cards,
 *
 *   m(s, c, t) = (1 / n_c) * sum over cards k of c of R_sk(t),
 *
 * where R_sk is 0 for a card the student has not studied (not in their collection, or still NEW): mastery
 * measures how much of the concept the student would recall, not how well they recall the part they began.
 * `sums` come from `sumRecall` or from SQL; sums of students or concepts not listed are ignored.
 */
export function masteryGrid(input: {
  students: readonly { id: string }[];
  concepts: readonly GridConcept[];
  sums: Iterable<RecallSum>;
  /** Number of instants the sums carry. */
  instants: number;
}): MasteryGrid {
  const { students, concepts } = input;
  const studentIndex = new Map(students.map((s, i) => [s.id, i]));
  const conceptIndex = new Map(concepts.map((c, j) => [c.key, j]));
  const totals = Array.from({ length: input.instants }, () => students.map(() => new Float64Array(concepts.length)));
  const studied = students.map(() => new Array<number>(concepts.length).fill(0));
  for (const sum of input.sums) {
    const i = studentIndex.get(sum.userId);
    const j = conceptIndex.get(sum.conceptKey);
    if (i === undefined || j === undefined) continue;
    studied[i]![j]! += sum.studied;
    for (let k = 0; k < input.instants; k++) totals[k]![i]![j]! += sum.recall[k] ?? 0;
  }
  return {
    studentIds: students.map((s) => s.id),
    conceptKeys: concepts.map((c) => c.key),
    mastery: totals.map((byStudent) =>
      byStudent.map((row) => concepts.map((c, j) => (c.cardCount > 0 ? row[j]! / c.cardCount : null))),
    ),
    studied,
  };
}

/**
 * Class mastery of each concept at instant k: the mean of the students' masteries,
 *
 *   M(c, t) = (1 / |S|) * sum over students s of m(s, c, t),
 *
 * which is also the mean recall probability over every (student, card) pair of the concept. Null for a
 * concept without cards or a class without students.
 */
export function classMastery(grid: MasteryGrid, k: number): (number | null)[] {
  const rows = grid.mastery[k] ?? [];
  return grid.conceptKeys.map((_, j) => meanOf(rows.map((row) => row[j] ?? null)));
}

/**
 * A student's mastery of the whole course at instant k: the mean recall probability over all cards, i.e. the
 * concept masteries weighted by their card counts. Null when the course has no cards.
 */
export function overallMastery(grid: MasteryGrid, concepts: readonly GridConcept[], k: number): (number | null)[] {
  const totalCards = concepts.reduce((n, c) => n + c.cardCount, 0);
  return (grid.mastery[k] ?? []).map((row) => {
    if (totalCards === 0) return null;
    let sum = 0;
    concepts.forEach((c, j) => {
      sum += (row[j] ?? 0) * c.cardCount;
    });
    return sum / totalCards;
  });
}

/**
 * Coverage of each concept: the share of (student, card) pairs studied at least once, so an instructor can
 * tell "learned and forgotten" from "never started". Null for a concept without cards or a class without
 * students.
 */
export function coverage(grid: MasteryGrid, concepts: readonly GridConcept[]): (number | null)[] {
  return concepts.map((c, j) => {
    const pairs = grid.studentIds.length * c.cardCount;
    if (pairs === 0) return null;
    return grid.studied.reduce((n, row) => n + (row[j] ?? 0), 0) / pairs;
  });
}

/** Mean of the non-null values; null when there are none. */
export function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}
