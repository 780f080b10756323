import seedrandom from "seedrandom";
import { FSRSAlgorithm, default_w, forgetting_curve, type FSRSState, type Grade } from "ts-fsrs";

import { newMemoryState, type Rating } from "@/lib/srs/memory-state";
import { schedule } from "@/lib/srs/scheduler";
import { DEFAULT_SCHEDULER_SETTINGS } from "@/lib/srs/settings";

const DAY = 86_400_000;
const utcDay = (date: Date): number => Math.floor(date.getTime() / DAY);

/**
 * A learner whose memory follows FSRS with these parameters (far from the defaults: higher initial
 * stabilities, a steeper forgetting curve), while the app schedules them with the default parameters.
 */
export const TRUE_WEIGHTS: readonly number[] = default_w.map((w, i) => {
  const changed: Record<number, number> = { 0: 1.2, 1: 3.5, 2: 9, 3: 25, 8: 2.2, 20: 0.45 };
  return changed[i] ?? w;
});

export interface SimulatedLog {
  /** Index of the card, 0 to cards - 1. */
  card: number;
  rating: Rating;
  reviewedAt: Date;
}

/**
 * Simulates `cards` cards from the app's scheduler (default settings, learning steps 1m 10m), starting at
 * `start`: each review happens when the card is due, sometimes a few days late; a same-day review is always
 * recalled, a later one with the true model's probability of recall, drawn from a seeded generator.
 * Used by the optimizer's unit and integration tests and by the review benchmark's generated history.
 */
export function simulate(seed: string, cards: number, horizonDays: number, start: Date): SimulatedLog[] {
  const rng = seedrandom(seed);
  const truth = new FSRSAlgorithm({ w: [...TRUE_WEIGHTS], enable_short_term: true });
  const logs: SimulatedLog[] = [];
  const end = start.getTime() + horizonDays * DAY;
  for (let c = 0; c < cards; c++) {
    let time = start.getTime() + Math.floor(c / 4) * DAY + (c % 60) * 60_000;
    let memory = newMemoryState(new Date(time));
    let trueState: FSRSState | null = null;
    let lastDay = 0;
    while (time < end) {
      const when = new Date(time);
      const deltaDays = trueState === null ? 0 : utcDay(when) - lastDay;
      let rating: Rating;
      if (trueState === null) {
        const roll = rng();
        rating = roll < 0.25 ? 1 : roll < 0.35 ? 2 : roll < 0.9 ? 3 : 4;
      } else if (deltaDays === 0) {
        rating = 3;
      } else {
        const recalled = rng() < forgetting_curve([...TRUE_WEIGHTS], deltaDays, trueState.stability);
        const roll = rng();
        rating = !recalled ? 1 : roll < 0.1 ? 2 : roll < 0.95 ? 3 : 4;
      }
      trueState = truth.next_state(trueState, deltaDays, rating as Grade);
      lastDay = utcDay(when);
      logs.push({ card: c, rating, reviewedAt: when });
      memory = schedule(memory, rating, when, DEFAULT_SCHEDULER_SETTINGS).next;
      const late = memory.state === "REVIEW" && rng() < 0.3 ? Math.floor(rng() * 4) * DAY : 0;
      time = memory.due.getTime() + late;
    }
  }
  return logs;
}
