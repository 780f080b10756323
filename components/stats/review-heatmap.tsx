import clsx from "clsx";

import type { HeatmapDay } from "@/lib/db/stats";

import { addDays, dayToUtc, formatLongDay, formatMonth, formatShortDay, plural } from "./format";

// Five shades: none, then four quarters of the busiest day. Tailwind needs the class names spelled out.
const LEVEL_CLASSES = [
  "bg-slate-200 dark:bg-slate-800",
  "bg-emerald-200 dark:bg-emerald-900",
  "bg-emerald-400 dark:bg-emerald-700",
  "bg-emerald-600 dark:bg-emerald-500",
  "bg-emerald-800 dark:bg-emerald-300",
] as const;

const WEEKDAYS = ["Mon", "", "Wed", "", "Fri", "", ""] as const;

/** 0 for no reviews, else 1-4 by quarter of the busiest day. */
export function heatLevel(reviews: number, maxPerDay: number): number {
  if (reviews <= 0 || maxPerDay <= 0) return 0;
  return Math.min(4, Math.ceil((4 * reviews) / maxPerDay));
}

/** Consecutive study days with a review, ending today (or yesterday, when today has none yet). */
export function currentStreak(days: readonly HeatmapDay[], today: string): number {
  const active = new Set(days.filter((d) => d.reviews > 0).map((d) => d.date));
  let day = active.has(today) ? today : addDays(today, -1);
  let streak = 0;
  while (active.has(day)) {
    streak++;
    day = addDays(day, -1);
  }
  return streak;
}

interface Props {
  from: string;
  to: string;
  days: HeatmapDay[];
  totalReviews: number;
  activeDays: number;
  maxPerDay: number;
}

/**
 * A year of reviews, one cell per study day in week columns (Monday on top). Every cell names its date and
 * count (label and tooltip); the caption says the same in a sentence for screen readers and everyone else.
 */
export function ReviewHeatmap({ from, to, days, totalReviews, activeDays, maxPerDay }: Props) {
  const counts = new Map(days.map((d) => [d.date, d.reviews] as const));
  // Monday-based weekday of the first day: the grid starts on the Monday on or before it.
  const lead = (new Date(dayToUtc(from)).getUTCDay() + 6) % 7;
  const gridStart = addDays(from, -lead);
  const span = Math.round((dayToUtc(to) - dayToUtc(gridStart)) / 86_400_000) + 1;
  const weeks = Math.ceil(span / 7);
  const busiest = days.reduce<HeatmapDay | null>((best, d) => (best === null || d.reviews > best.reviews ? d : best), null);
  const streak = currentStreak(days, to);

  // A month's name over the first week column it appears in; a label too close to the next one (the partial
  // month at the start of the year) gives way to it.
  const monthLabels: string[] = [];
  let lastMonth = "";
  let lastLabel = -Infinity;
  for (let w = 0; w < weeks; w++) {
    const first = addDays(gridStart, 7 * w);
    const shown = first < from ? from : first;
    const month = shown.slice(0, 7);
    let label = "";
    if (month !== lastMonth && w < weeks - 1) {
      if (w - lastLabel < 3) monthLabels[lastLabel] = "";
      label = formatMonth(shown);
      lastLabel = w;
    }
    monthLabels.push(label);
    lastMonth = month;
  }

  const summary =
    totalReviews === 0
      ? `No reviews between ${formatShortDay(from)} and ${formatShortDay(to)} yet.`
      : `${plural(totalReviews, "review")} on ${plural(activeDays, "day")} between ${formatShortDay(from)} and ` +
        `${formatShortDay(to)}` +
        (busiest ? `; the busiest day was ${formatLongDay(busiest.date)} with ${plural(busiest.reviews, "review")}` : "") +
        `. Current streak: ${plural(streak, "day")}.`;

  return (
    <figure className="space-y-3" aria-labelledby="heatmap-caption">
      {/* Right-to-left scrolling starts a narrow screen at the latest weeks; the content itself stays left-to-right. */}
      <div
        tabIndex={0}
        role="region"
        aria-label="Review heatmap, scrolls sideways"
        className="overflow-x-auto rounded pb-1 [direction:rtl] focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <div className="mr-auto w-max [direction:ltr]">
          <div className="inline-grid gap-x-1" style={{ gridTemplateColumns: `1.75rem repeat(${weeks}, 0.75rem)` }}>
            <span aria-hidden="true" />
            {monthLabels.map((label, w) => (
              <span key={w} aria-hidden="true" className="h-4 whitespace-nowrap text-[10px] leading-4 text-slate-500 dark:text-slate-400">
                {label}
              </span>
            ))}
          </div>
          <div className="flex gap-1">
            <div aria-hidden="true" className="grid w-7 shrink-0 grid-rows-7 gap-1 text-[10px] leading-3 text-slate-500 dark:text-slate-400">
              {WEEKDAYS.map((d, i) => (
                <span key={i} className="h-3">
                  {d}
                </span>
              ))}
            </div>
            <div
              role="group"
              aria-label={`Reviews per study day from ${formatLongDay(from)} to ${formatLongDay(to)}`}
              data-testid="review-heatmap"
              className="grid grid-flow-col grid-rows-7 gap-1"
            >
              {Array.from({ length: weeks * 7 }, (_, i) => {
                const date = addDays(gridStart, i);
                if (date < from || date > to) return <span key={date} aria-hidden="true" className="size-3" />;
                const reviews = counts.get(date) ?? 0;
                const label = `${formatLongDay(date)}: ${plural(reviews, "review")}`;
                return (
                  <span
                    key={date}
                    role="img"
                    aria-label={label}
                    title={label}
                    data-date={date}
                    data-reviews={reviews}
                    className={clsx("size-3 rounded-sm", LEVEL_CLASSES[heatLevel(reviews, maxPerDay)])}
                  />
                );
              })}
            </div>
          </div>
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <figcaption id="heatmap-caption" className="text-sm text-slate-600 dark:text-slate-300">
          {summary}
        </figcaption>
        <div aria-hidden="true" className="flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400">
          Less
          {LEVEL_CLASSES.map((c) => (
            <span key={c} className={clsx("size-3 rounded-sm", c)} />
          ))}
          More
        </div>
      </div>
    </figure>
  );
}
