/**
 * Study-day streaks. Days are study-day numbers (`studyDayNumber` in lib/srs: whole days since 1970-01-01 of
 * the learner's study day, which starts at their day-start hour in their time zone), so consecutive days
 * differ by exactly 1.
 */

/** A run of consecutive study days with at least one review, first and last day inclusive. */
export interface DayRun {
  first: number;
  last: number;
}

/**
 * The current streak from the learner's most recent run of study days: its length when it ends today, or
 * yesterday (today is not over, so a streak stays alive until the learner's day ends), and 0 otherwise.
 */
export function streakFromLastRun(run: DayRun | null, today: number): number {
  // A run dated after today cannot come from reviews up to now; only its part up to today counts.
  if (!run || run.first > today) return 0;
  const last = Math.min(run.last, today);
  return last < today - 1 ? 0 : last - run.first + 1;
}

/** The most recent run of consecutive days in `days` (any order, duplicates allowed); null when empty. */
export function lastRun(days: Iterable<number>): DayRun | null {
  const sorted = [...new Set(days)].sort((a, b) => b - a);
  const top = sorted[0];
  if (top === undefined) return null;
  let first = top;
  for (const day of sorted.slice(1)) {
    if (day !== first - 1) break;
    first = day;
  }
  return { first, last: top };
}

/**
 * Consecutive study days with at least one review, ending today or yesterday (see `streakFromLastRun`).
 * Days after `today` are ignored.
 */
export function currentStreak(days: Iterable<number>, today: number): number {
  return streakFromLastRun(lastRun([...days].filter((d) => d <= today)), today);
}
