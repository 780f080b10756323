import type { Metadata } from "next";
import Link from "next/link";

import { CardsByState } from "@/components/stats/cards-by-state";
import { ForecastChart } from "@/components/stats/forecast-chart";
import { formatDuration, plural } from "@/components/stats/format";
import { RetentionChart } from "@/components/stats/retention-chart";
import { ReviewHeatmap } from "@/components/stats/review-heatmap";
import { StatTile } from "@/components/stats/stat-tile";
import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import { requireRole } from "@/lib/auth/session";
import { studentStats } from "@/lib/db/stats";

export const metadata: Metadata = { title: "Stats" };

export default async function StatsPage() {
  const viewer = await requireRole("STUDENT", "/stats");
  const now = new Date();
  const stats = await studentStats(viewer, now);
  const dueToday = stats.forecast.days[0]?.due ?? 0;

  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Stats</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Days run from {String(stats.dayStartHour).padStart(2, "0")}:00 to {String(stats.dayStartHour).padStart(2, "0")}:00 in{" "}
          {stats.timeZone.replaceAll("_", " ")}.
        </p>
      </header>

      {stats.empty && (
        <section className="space-y-3 rounded-lg border border-dashed border-slate-300 p-5 dark:border-slate-700">
          <h2 className="text-lg font-semibold">No reviews yet</h2>
          <p className="text-slate-600 dark:text-slate-300">
            Your charts fill in as you study. Add cards from a concept, review them today, and come back to see your
            streak, what falls due next, and how much you remember.
          </p>
          <div className="flex flex-wrap gap-3">
            <Link href="/concepts" className={buttonClass}>
              Browse concepts
            </Link>
            <Link href="/today" className={secondaryButtonClass}>
              Go to today&apos;s reviews
            </Link>
          </div>
        </section>
      )}

      <section aria-labelledby="today-heading" className="space-y-3">
        <h2 id="today-heading" className="text-lg font-semibold">
          Today
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <StatTile label="Reviews today" value={stats.todayReviews.toLocaleString("en-US")} />
          <StatTile label="Time today" value={formatDuration(stats.todayTimeMs)} />
          <StatTile label="Due today" value={dueToday.toLocaleString("en-US")} note={stats.forecast.overdue > 0 ? `${stats.forecast.overdue} overdue` : undefined} />
          <StatTile label="In your collection" value={stats.collectionSize.toLocaleString("en-US")} />
        </dl>
      </section>

      <section aria-labelledby="heatmap-heading" className="space-y-3">
        <h2 id="heatmap-heading" className="text-lg font-semibold">
          Reviews in the past year
        </h2>
        <ReviewHeatmap {...stats.heatmap} />
      </section>

      <section aria-labelledby="forecast-heading" className="space-y-3">
        <h2 id="forecast-heading" className="text-lg font-semibold">
          Due in the next 30 days
        </h2>
        <ForecastChart days={stats.forecast.days} overdue={stats.forecast.overdue} total={stats.forecast.total} />
      </section>

      <section aria-labelledby="retention-heading" className="space-y-3">
        <h2 id="retention-heading" className="text-lg font-semibold">
          True retention by month
        </h2>
        <RetentionChart
          months={stats.retention.months}
          overall={stats.retention.retention}
          reviews={stats.retention.reviews}
          desiredRetention={stats.desiredRetention}
        />
      </section>

      <section aria-labelledby="states-heading" className="space-y-3">
        <h2 id="states-heading" className="text-lg font-semibold">
          Cards by state
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">{plural(stats.collectionSize, "card")} in your collection.</p>
        <CardsByState counts={stats.cardsByState} total={stats.collectionSize} />
      </section>
    </div>
  );
}
