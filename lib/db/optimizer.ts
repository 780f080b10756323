import "server-only";

import { assertAccess } from "@/lib/auth/guards";
import { ValidationError } from "@/lib/errors";
import { isValidTimeZone } from "@/lib/srs/day";
import { NotEnoughReviewsError } from "@/lib/srs/errors";
import { isRating } from "@/lib/srs/memory-state";
import {
  MIN_REVIEWS_FOR_OPTIMIZE,
  evaluate,
  fitParameters,
  type Evaluation,
  type OptimizerLog,
} from "@/lib/srs/optimizer";
import { FSRS_WEIGHT_COUNT } from "@/lib/srs/settings";

import { db } from "./client";
import type { Prisma } from "./generated/client";
import { liveGradeWhere } from "./review-log";
import type { Viewer } from "./users";

/** What a fit measured on the learner's own history (stored in `UserSettings.paramsFitReport`). */
export interface FitReport {
  /** Review logs the fit used. */
  reviews: number;
  /** The parameters in use before the fit (the learner's, or the defaults). */
  before: Evaluation;
  /** The fitted parameters. */
  after: Evaluation;
}

/** The optimizer's state for the settings page. */
export interface LastFitDto {
  /** ISO time of the fit behind the learner's current parameters; null when they never kept a fit. */
  fittedAt: string | null;
  report: FitReport | null;
  /** True when the scheduler uses parameters fitted to this learner rather than the defaults. */
  usingFittedWeights: boolean;
  /** Review logs the learner has now, and how many a fit needs. */
  reviewCount: number;
  minReviews: number;
  /** The learner's time zone, to show the fit time as they read clocks (and the same on server and client). */
  timeZone: string;
}

/** What one run of the optimizer did. */
export interface OptimizeOutcome {
  /** True when the fitted parameters predicted the history better and were saved. */
  applied: boolean;
  fittedAt: string;
  report: FitReport;
  /** One sentence for the learner. */
  message: string;
}

function isEvaluation(value: unknown): value is Evaluation {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.logLoss === "number" && typeof v.rmse === "number";
}

/** Reads a stored report; anything not of the expected shape counts as no report. */
function parseReport(value: Prisma.JsonValue | null): FitReport | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.reviews !== "number" || !isEvaluation(v.before) || !isEvaluation(v.after)) return null;
  return {
    reviews: v.reviews,
    before: { logLoss: v.before.logLoss, rmse: v.before.rmse },
    after: { logLoss: v.after.logLoss, rmse: v.after.rmse },
  };
}

function tooFewMessage(count: number): string {
  const missing = MIN_REVIEWS_FOR_OPTIMIZE - count;
  return (
    `Optimizing needs at least ${MIN_REVIEWS_FOR_OPTIMIZE} reviews and you have ${count}. ` +
    `Come back after ${missing} more review${missing === 1 ? "" : "s"}.`
  );
}

/**
 * The learner's last kept fit and whether they have enough history for one, for the optimizer panel.
 */
export async function lastFitReport(viewer: Viewer): Promise<LastFitDto> {
  assertAccess(viewer, "STUDENT");
  const [settings, reviewCount] = await Promise.all([
    db().userSettings.findUnique({
      where: { userId: viewer.id },
      select: { fsrsWeights: true, paramsFittedAt: true, paramsFitReport: true, timezone: true },
    }),
    db().reviewLog.count({ where: { userId: viewer.id, ...liveGradeWhere } }),
  ]);
  return {
    fittedAt: settings?.paramsFittedAt?.toISOString() ?? null,
    report: parseReport(settings?.paramsFitReport ?? null),
    usingFittedWeights: (settings?.fsrsWeights.length ?? 0) === FSRS_WEIGHT_COUNT,
    reviewCount,
    minReviews: MIN_REVIEWS_FOR_OPTIMIZE,
    timeZone: settings && isValidTimeZone(settings.timezone) ? settings.timezone : "UTC",
  };
}

/**
 * Fits FSRS parameters to the learner's whole review history (every source: reviews, quizzes, labs; grades the
 * learner undid are left out) and keeps them only if they predict that history better than the parameters in
 * use now:
 * 1. refuses, writing nothing, below `MIN_REVIEWS_FOR_OPTIMIZE` logs;
 * 2. loads the logs ordered per card and by time, fits with `fitParameters` (short-term parameters when the
 *    learner uses learning or relearning steps);
 * 3. evaluates the current parameters (or the defaults) and the fitted ones on the same history with
 *    `evaluate` (log loss and RMSE, lower is better);
 * 4. when the fitted log loss is lower, saves the weights, `paramsFittedAt = now` and the report; otherwise
 *    writes nothing and says the current parameters stay.
 * Days between reviews are counted at UTC midnight, as the scheduler counts them, so the parameters are used
 * the way they were fitted.
 *
 * @throws ValidationError (422) when the history is too small to fit
 */
export async function optimizeParameters(viewer: Viewer, now: Date): Promise<OptimizeOutcome> {
  assertAccess(viewer, "STUDENT");
  const client = db();
  const count = await client.reviewLog.count({ where: { userId: viewer.id, ...liveGradeWhere } });
  if (count < MIN_REVIEWS_FOR_OPTIMIZE) throw new ValidationError(tooFewMessage(count));

  const [settings, rows] = await Promise.all([
    client.userSettings.findUnique({
      where: { userId: viewer.id },
      select: { fsrsWeights: true, learningSteps: true, relearningSteps: true },
    }),
    client.reviewLog.findMany({
      // Undone grades never happened as far as memory goes; undo rows are not reviews.
      where: { userId: viewer.id, ...liveGradeWhere },
      select: { cardId: true, rating: true, reviewedAt: true },
      orderBy: [{ cardId: "asc" }, { reviewedAt: "asc" }, { createdAt: "asc" }],
    }),
  ]);
  const logs: OptimizerLog[] = [];
  for (const row of rows) {
    // The schema allows any integer; the write path only stores 1-4, so anything else is skipped, not fatal.
    if (isRating(row.rating)) logs.push({ cardId: row.cardId, rating: row.rating, reviewedAt: row.reviewedAt });
  }
  if (logs.length < MIN_REVIEWS_FOR_OPTIMIZE) throw new ValidationError(tooFewMessage(logs.length));

  const current = settings?.fsrsWeights.length === FSRS_WEIGHT_COUNT ? settings.fsrsWeights : null;
  const learningSteps = settings?.learningSteps ?? ["1m", "10m"];
  const relearningSteps = settings?.relearningSteps ?? ["10m"];

  let report: FitReport;
  let fitted: number[];
  try {
    fitted = await fitParameters(logs, {
      enableShortTerm: learningSteps.length > 0 || relearningSteps.length > 0,
      numRelearningSteps: relearningSteps.length,
      // No time limit: the binding's `timeout` waits that long before it returns even a finished fit
      // (measured), so it cannot bound the time; without it the fit returns within about half a second of ending.
    });
    report = { reviews: logs.length, before: evaluate(logs, current), after: evaluate(logs, fitted) };
  } catch (error) {
    if (error instanceof NotEnoughReviewsError) {
      // Enough logs, but too few of them come a day or more after the card's previous review.
      throw new ValidationError(
        `Your ${logs.length} reviews include too few repeat reviews on later days to fit parameters. ` +
          "Keep reviewing over the coming days and try again.",
      );
    }
    throw error;
  }

  const fittedAt = now.toISOString();
  if (!(report.after.logLoss < report.before.logLoss)) {
    return {
      applied: false,
      fittedAt,
      report,
      message:
        "The fitted parameters did not predict your reviews better than the ones you use now, so nothing changed.",
    };
  }
  const stored: Prisma.InputJsonObject = {
    reviews: report.reviews,
    before: { logLoss: report.before.logLoss, rmse: report.before.rmse },
    after: { logLoss: report.after.logLoss, rmse: report.after.rmse },
  };
  await client.userSettings.upsert({
    where: { userId: viewer.id },
    create: { userId: viewer.id, fsrsWeights: fitted, paramsFittedAt: now, paramsFitReport: stored },
    update: { fsrsWeights: fitted, paramsFittedAt: now, paramsFitReport: stored },
  });
  return {
    applied: true,
    fittedAt,
    report,
    message: "Your parameters were fitted to your reviews and will schedule your cards from now on.",
  };
}
