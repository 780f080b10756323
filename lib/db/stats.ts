import "server-only";

import { assertAccess } from "@/lib/auth/guards";
import { dayWindow, isValidTimeZone, studyDayKey } from "@/lib/srs/day";
import type { CardStateName } from "@/lib/srs/memory-state";

import { db } from "./client";
import { liveGradeSql } from "./review-log";
import type { Viewer } from "./users";

/** Days shown by the review heatmap, today included. */
export const HEATMAP_DAYS = 365;
/** Days shown by the due forecast, today included. */
export const FORECAST_DAYS = 30;
/** Calendar months shown by the retention chart, the current one included. */
export const RETENTION_MONTHS = 12;

export interface HeatmapDay {
  /** Study day, "YYYY-MM-DD". */
  date: string;
  reviews: number;
}

export interface ForecastDay {
  date: string;
  /** Cards in the collection that fall due on this study day (today also counts every overdue card). */
  due: number;
}

export interface RetentionMonth {
  /** "YYYY-MM", by study day. */
  month: string;
  /** Reviews of cards that were in the REVIEW state (learning steps are not a test of memory). */
  reviews: number;
  /** Of those, how many were recalled (rated Hard, Good or Easy). */
  recalled: number;
  /** recalled / reviews; null for a month without such reviews. */
  retention: number | null;
}

/** Everything the Stats page shows, computed for one learner at one moment. */
export interface StudentStatsDto {
  timeZone: string;
  dayStartHour: number;
  /** The learner's target retention (0.70-0.99), to compare true retention with. */
  desiredRetention: number;
  /** Today's study day, "YYYY-MM-DD". */
  today: string;
  /** Reviews in today's study window. */
  todayReviews: number;
  /** Sum of the review durations in today's study window (reviews without a duration count as 0). */
  todayTimeMs: number;
  heatmap: {
    from: string;
    to: string;
    /** Only days with at least one review, in date order. */
    days: HeatmapDay[];
    totalReviews: number;
    activeDays: number;
    maxPerDay: number;
  };
  forecast: {
    /** One entry per study day from today, `FORECAST_DAYS` long. */
    days: ForecastDay[];
    overdue: number;
    total: number;
  };
  retention: {
    /** The last `RETENTION_MONTHS` months, oldest first. */
    months: RetentionMonth[];
    reviews: number;
    recalled: number;
    retention: number | null;
  };
  cardsByState: Record<CardStateName, number>;
  /** Live cards in the collection. */
  collectionSize: number;
  /** True for a learner with no cards and no review in the past year: the page shows a welcome instead. */
  empty: boolean;
}

const DAY_MS = 86_400_000;
const STATES: readonly CardStateName[] = ["NEW", "LEARNING", "REVIEW", "RELEARNING"];

// Study-day keys are "YYYY-MM-DD" calendar dates; arithmetic on them happens on UTC midnights, which have no DST.
const keyToUtc = (key: string): number => Date.parse(`${key}T00:00:00Z`);
const utcToKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const addDays = (key: string, days: number): string => utcToKey(keyToUtc(key) + days * DAY_MS);

/** First day of the month `back` months before the month of `key`. */
function monthStart(key: string, back: number): string {
  const d = new Date(keyToUtc(key));
  return utcToKey(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
}

interface DayRow {
  day: string;
  reviews: number;
  duration_ms: number;
  review_state: number;
  recalled: number;
}

interface ForecastRow {
  day: string;
  due: number;
}

interface StateRow {
  state: CardStateName;
  cards: number;
}

/**
 * The learner's Stats: a year of reviews per study day, the next 30 days of due cards, true retention by
 * month, cards by state, and today's reviews and time. Days are the learner's study days (their time zone and
 * day-start hour), computed in SQL by `AT TIME ZONE`; each chart is one grouped query, whatever the history's
 * size. Review history counts every standing grade, retired cards included (it is what happened; an undone grade
 * and the undo itself are not reviews); the forecast and the state counts cover live cards only.
 *
 * @throws ForbiddenError for an instructor (they have no review history)
 */
export async function studentStats(viewer: Viewer, now: Date): Promise<StudentStatsDto> {
  assertAccess(viewer, "STUDENT");
  const client = db();
  const settings = await client.userSettings.findUnique({
    where: { userId: viewer.id },
    select: { timezone: true, dayStartHour: true, desiredRetention: true },
  });
  // A zone the runtime does not know cannot be passed to SQL either; UTC keeps the page working.
  const timeZone = settings && isValidTimeZone(settings.timezone) ? settings.timezone : "UTC";
  const dayStartHour = settings?.dayStartHour ?? 4;

  const window = dayWindow(now, timeZone, dayStartHour);
  const today = studyDayKey(now, timeZone, dayStartHour);
  const heatmapFrom = addDays(today, -(HEATMAP_DAYS - 1));
  const retentionFrom = monthStart(today, RETENTION_MONTHS - 1);
  const historyFrom = heatmapFrom < retentionFrom ? heatmapFrom : retentionFrom;
  // Coarse instant bounds let the (userId, reviewedAt) index do the work; the study-day filter is exact.
  const historyLower = new Date(keyToUtc(historyFrom) - 2 * DAY_MS);
  const forecastEnd = dayWindow(
    new Date(window.start.getTime() + FORECAST_DAYS * DAY_MS + 12 * 3_600_000),
    timeZone,
    dayStartHour,
  ).start;
  const lastForecastDay = addDays(today, FORECAST_DAYS - 1);

  const [dayRows, forecastRows, stateRows] = await Promise.all([
    client.$queryRaw<DayRow[]>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day,
             count(*)::int AS reviews,
             coalesce(sum("durationMs"), 0)::float8 AS duration_ms,
             (count(*) FILTER (WHERE "stateBefore" = 'REVIEW'))::int AS review_state,
             (count(*) FILTER (WHERE "stateBefore" = 'REVIEW' AND rating > 1))::int AS recalled
      FROM (
        SELECT ((("reviewedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}::text)
                 - make_interval(hours => ${dayStartHour}::int))::date AS day,
               "durationMs", "stateBefore", rating
        FROM "ReviewLog" r
        WHERE r."userId" = ${viewer.id} AND r."reviewedAt" >= ${historyLower} AND r."reviewedAt" < ${window.end}
          AND ${liveGradeSql("r")}
      ) logs
      WHERE day >= ${historyFrom}::date AND day <= ${today}::date
      GROUP BY day
      ORDER BY day`,
    // Overdue cards all land on the day before today, so one row carries them.
    client.$queryRaw<ForecastRow[]>`
      SELECT to_char(GREATEST(day, ${today}::date - 1), 'YYYY-MM-DD') AS day, count(*)::int AS due
      FROM (
        SELECT (((cs."due" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}::text)
                 - make_interval(hours => ${dayStartHour}::int))::date AS day
        FROM "CardState" cs
        JOIN "Card" c ON c."id" = cs."cardId"
        WHERE cs."userId" = ${viewer.id} AND cs."state" <> 'NEW' AND c."retiredAt" IS NULL
          AND cs."due" < ${forecastEnd}
      ) states
      GROUP BY 1
      ORDER BY 1`,
    client.$queryRaw<StateRow[]>`
      SELECT cs."state"::text AS state, count(*)::int AS cards
      FROM "CardState" cs
      JOIN "Card" c ON c."id" = cs."cardId"
      WHERE cs."userId" = ${viewer.id} AND c."retiredAt" IS NULL
      GROUP BY cs."state"`,
  ]);

  const heatmapDays: HeatmapDay[] = [];
  const months = new Map<string, { reviews: number; recalled: number }>();
  for (let m = RETENTION_MONTHS - 1; m >= 0; m--) months.set(monthStart(today, m).slice(0, 7), { reviews: 0, recalled: 0 });
  let todayRow: DayRow | undefined;
  for (const row of dayRows) {
    if (row.day >= heatmapFrom) heatmapDays.push({ date: row.day, reviews: row.reviews });
    const month = months.get(row.day.slice(0, 7));
    if (month) {
      month.reviews += row.review_state;
      month.recalled += row.recalled;
    }
    if (row.day === today) todayRow = row;
  }

  const dueByDay = new Map<string, number>();
  let overdue = 0;
  for (const row of forecastRows) {
    if (row.day < today) overdue += row.due;
    else if (row.day <= lastForecastDay) dueByDay.set(row.day, row.due);
  }
  const forecastDays: ForecastDay[] = Array.from({ length: FORECAST_DAYS }, (_, i) => {
    const date = addDays(today, i);
    return { date, due: (dueByDay.get(date) ?? 0) + (i === 0 ? overdue : 0) };
  });

  const cardsByState: Record<CardStateName, number> = { NEW: 0, LEARNING: 0, REVIEW: 0, RELEARNING: 0 };
  for (const row of stateRows) if (STATES.includes(row.state)) cardsByState[row.state] = row.cards;
  const collectionSize = STATES.reduce((sum, s) => sum + cardsByState[s], 0);

  const retentionMonths: RetentionMonth[] = [...months].map(([month, m]) => ({
    month,
    reviews: m.reviews,
    recalled: m.recalled,
    retention: m.reviews > 0 ? m.recalled / m.reviews : null,
  }));
  const retentionReviews = retentionMonths.reduce((sum, m) => sum + m.reviews, 0);
  const retentionRecalled = retentionMonths.reduce((sum, m) => sum + m.recalled, 0);
  const totalReviews = heatmapDays.reduce((sum, d) => sum + d.reviews, 0);

  return {
    timeZone,
    dayStartHour,
    desiredRetention: settings?.desiredRetention ?? 0.9,
    today,
    todayReviews: todayRow?.reviews ?? 0,
    todayTimeMs: todayRow?.duration_ms ?? 0,
    heatmap: {
      from: heatmapFrom,
      to: today,
      days: heatmapDays,
      totalReviews,
      activeDays: heatmapDays.length,
      maxPerDay: heatmapDays.reduce((max, d) => Math.max(max, d.reviews), 0),
    },
    forecast: { days: forecastDays, overdue, total: forecastDays.reduce((sum, d) => sum + d.due, 0) },
    retention: {
      months: retentionMonths,
      reviews: retentionReviews,
      recalled: retentionRecalled,
      retention: retentionReviews > 0 ? retentionRecalled / retentionReviews : null,
    },
    cardsByState,
    collectionSize,
    empty: collectionSize === 0 && totalReviews === 0,
  };
}
