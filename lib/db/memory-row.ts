import type { MemoryState } from "@/lib/srs";

/**
 * The memory columns of a CardState row as a raw query returns them: numbers may come back as strings or
 * bigints, and dates as strings, depending on the driver.
 */
export type MemoryRow = Omit<MemoryState, "due" | "lastReview"> & {
  due: Date | string;
  lastReview: Date | string | null;
};

const toDate = (value: Date | string): Date => new Date(value instanceof Date ? value.getTime() : value);

/** A raw CardState row's memory state, with fresh Date objects. */
export function memoryFromRow(row: MemoryRow): MemoryState {
  return {
    state: row.state,
    due: toDate(row.due),
    stability: Number(row.stability),
    difficulty: Number(row.difficulty),
    elapsedDays: Number(row.elapsedDays),
    scheduledDays: Number(row.scheduledDays),
    learningSteps: Number(row.learningSteps),
    reps: Number(row.reps),
    lapses: Number(row.lapses),
    lastReview: row.lastReview === null ? null : toDate(row.lastReview),
  };
}
