/**
 * Glue between a learner's review history and the FSRS optimizer in `@open-spaced-repetition/binding`
 * (native code: server side only; not re-exported from lib/srs/index.ts so client bundles never pull it).
 */
import {
  FSRSBinding,
  FSRSBindingItem,
  FSRSBindingReview,
  computeParameters,
  type FSRSItem,
} from "@open-spaced-repetition/binding";
import { default_w } from "ts-fsrs";
import { studyDayNumber } from "./day";
import { InvalidSettingsError, NotEnoughReviewsError, SrsError } from "./errors";
import { isRating, type Rating } from "./memory-state";
import { FSRS_WEIGHT_COUNT } from "./settings";

/**
 * Fewest reviews (all of a learner's logs, learning steps included) before parameters are fitted. Below
 * this the fit is mostly noise and the defaults, trained on millions of reviews, predict better.
 */
export const MIN_REVIEWS_FOR_OPTIMIZE = 400;

/** One stored review, as the optimizer needs it. */
export interface OptimizerLog {
  cardId: string;
  rating: Rating;
  reviewedAt: Date;
}

/**
 * Where one day ends and the next begins when counting the days between reviews. The default, UTC
 * midnight, is how ts-fsrs counts elapsed days when it schedules, so fitted parameters are used the way
 * they were fitted; pass the learner's time zone and day-start hour to count their study days instead.
 */
export interface DayBoundary {
  timeZone?: string;
  dayStartHour?: number;
}

export interface FitOptions extends DayBoundary {
  /** Fit the short-term (same-day) parameters w17-w19 too; true when the learner uses learning steps. */
  enableShortTerm: boolean;
  /** Number of relearning steps the learner uses (bounds w17/w18 as the scheduler does). */
  numRelearningSteps?: number;
}

/** How well a set of parameters predicts a history. */
export interface Evaluation {
  /** Mean binary cross-entropy of predicted recall probability vs. actual recall (lower is better). */
  logLoss: number;
  /** RMSE between predicted and actual recall rates over bins of similar reviews (lower is better). */
  rmse: number;
}

/**
 * Turns review logs into the optimizer's items. Logs are grouped per card and ordered by time (ties keep
 * their input order). For each card, review i gets delta_t = the number of day boundaries crossed since
 * review i-1 (0 for the first review and for reviews on the same day). Every review with delta_t > 0
 * becomes one item holding the card's reviews up to and including it; same-day (short-term) reviews are
 * never targets, only history, which is what the optimizer expects (as fsrs-rs builds items from Anki).
 */
export function toFsrsItems(logs: readonly OptimizerLog[], day: DayBoundary = {}): FSRSItem[] {
  const timeZone = day.timeZone ?? "UTC";
  const dayStartHour = day.dayStartHour ?? 0;
  const byCard = new Map<string, OptimizerLog[]>();
  for (const log of logs) {
    if (!isRating(log.rating)) throw new SrsError(`Rating must be 1-4, got ${String(log.rating)}`);
    const list = byCard.get(log.cardId);
    if (list) list.push(log);
    else byCard.set(log.cardId, [log]);
  }
  const items: FSRSItem[] = [];
  for (const cardLogs of byCard.values()) {
    cardLogs.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
    const reviews: FSRSBindingReview[] = [];
    let previousDay = 0;
    cardLogs.forEach((log, index) => {
      const dayNumber = studyDayNumber(log.reviewedAt, timeZone, dayStartHour);
      const deltaT = index === 0 ? 0 : dayNumber - previousDay;
      previousDay = dayNumber;
      reviews.push(new FSRSBindingReview(log.rating, deltaT));
      if (deltaT > 0) items.push(new FSRSBindingItem(reviews.slice()));
    });
  }
  return items;
}

function assertWeights(weights: readonly number[]): void {
  if (weights.length !== FSRS_WEIGHT_COUNT || !weights.every(Number.isFinite)) {
    throw new InvalidSettingsError(`FSRS weights must be ${FSRS_WEIGHT_COUNT} finite numbers`);
  }
}

/**
 * Fits the 21 FSRS-6 parameters to a learner's review history.
 *
 * @throws NotEnoughReviewsError (as a rejection) below `MIN_REVIEWS_FOR_OPTIMIZE` reviews
 */
export async function fitParameters(logs: readonly OptimizerLog[], options: FitOptions): Promise<number[]> {
  if (logs.length < MIN_REVIEWS_FOR_OPTIMIZE) {
    throw new NotEnoughReviewsError(logs.length, MIN_REVIEWS_FOR_OPTIMIZE);
  }
  const items = toFsrsItems(logs, options);
  const weights = await computeParameters(items, {
    enableShortTerm: options.enableShortTerm,
    ...(options.numRelearningSteps !== undefined ? { numRelearningSteps: options.numRelearningSteps } : {}),
  });
  assertWeights(weights);
  return weights;
}

/**
 * How well `weights` (ts-fsrs's defaults when null) predict this history, computed by the optimizer's
 * own evaluation (`FSRSBinding.evaluate`) over the items of `toFsrsItems`: for every review that has a
 * previous review on an earlier day, FSRS replays the card's earlier reviews, predicts the probability of
 * recall R, and compares it with the outcome (recalled = rating above Again).
 * - `logLoss` = mean over those reviews of -(y ln R + (1 - y) ln(1 - R)), y = 1 when recalled.
 * - `rmse` = the optimizer's "RMSE (bins)": reviews are binned by interval length, review count and lapse
 *   count; the RMSE between mean predicted R and observed recall rate per bin, weighted by bin size.
 * The evaluation is in-sample: it measures fit, not predictive skill on future reviews.
 *
 * @throws NotEnoughReviewsError when the history has no usable review
 */
export function evaluate(
  logs: readonly OptimizerLog[],
  weights: readonly number[] | null,
  day: DayBoundary = {},
): Evaluation {
  const parameters = weights === null ? [...default_w] : [...weights];
  assertWeights(parameters);
  const items = toFsrsItems(logs, day);
  if (items.length === 0) throw new NotEnoughReviewsError(logs.length, MIN_REVIEWS_FOR_OPTIMIZE);
  try {
    const result = new FSRSBinding(parameters).evaluate(items);
    return { logLoss: result.logLoss, rmse: result.rmseBins };
  } catch (error) {
    if (error instanceof Error && error.message.includes("NotEnoughData")) {
      throw new NotEnoughReviewsError(logs.length, MIN_REVIEWS_FOR_OPTIMIZE);
    }
    throw error;
  }
}
