import type { Metadata } from "next";
import Link from "next/link";

import { ClassSettings } from "@/components/classes/class-settings";
import { JoinLink } from "@/components/classes/join-link";
import { ConceptMasteryTable } from "@/components/dashboard/concept-mastery";
import { ForecastForm } from "@/components/dashboard/forecast-form";
import { withForecast } from "@/components/dashboard/format";
import { MasteryHeatmap } from "@/components/dashboard/mastery-heatmap";
import { RosterTable } from "@/components/dashboard/roster-table";
import { secondaryButtonClass } from "@/components/ui/field";
import { requireRole } from "@/lib/auth/session";
import { classDashboard } from "@/lib/db/dashboard";

import {
  archiveClassAction,
  removeStudentAction,
  renameClassAction,
  restoreClassAction,
  rotateCodeAction,
  updateThresholdsAction,
} from "../actions";
import { orNotFound, resolveForecast } from "./page-data";

export const metadata: Metadata = { title: "Class dashboard" };

interface Props {
  params: Promise<{ classId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function ClassDashboardPage({ params, searchParams }: Props) {
  const { classId } = await params;
  const viewer = await requireRole("INSTRUCTOR", `/classes/${classId}`);
  const now = new Date();
  const forecast = resolveForecast((await searchParams).forecast, now);
  const d = await orNotFound(classDashboard(viewer, classId, forecast.options));
  const archived = d.class.archivedAt !== null;
  const atRisk = d.students.filter((s) => s.risk.length > 0).length;
  const exportBase = `/api/classes/${classId}/export`;

  return (
    <div className="space-y-10">
      <header className="space-y-4">
        <p className="text-sm">
          <Link href="/classes" className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
            ← All classes
          </Link>
        </p>
        <div className="flex flex-wrap items-baseline gap-3">
          <h1 className="text-2xl font-bold">{d.class.name}</h1>
          {archived && (
            <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-semibold dark:bg-slate-700">Archived (read-only)</span>
          )}
        </div>
        <p className="text-slate-600 dark:text-slate-300" data-testid="class-summary">
          {d.students.length} {d.students.length === 1 ? "student" : "students"}
          {d.students.length > 0 && `, ${atRisk} at risk`}
        </p>
        <JoinLink joinCode={d.class.joinCode} archived={archived} />
      </header>

      <section className="space-y-4" aria-labelledby="forecast-heading">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <ForecastForm action={`/classes/${classId}`} forecastDate={d.forecastDate} min={forecast.min} error={forecast.error} />
          <div className="flex flex-wrap gap-2">
            <a href={withForecast(`${exportBase}/roster.csv`, d.forecastDate)} className={secondaryButtonClass} download>
              Export roster (CSV)
            </a>
            <a href={withForecast(`${exportBase}/mastery.csv`, d.forecastDate)} className={secondaryButtonClass} download>
              Export mastery (CSV)
            </a>
          </div>
        </div>
        <h2 id="forecast-heading" className="text-lg font-semibold">
          Concepts the class will have forgotten most by {d.forecastDate}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Mastery is the mean chance, over every student and card, of recalling the card (0 for cards not yet studied),
          from each student&apos;s forgetting curve; the forecast assumes no reviews until then. Concepts nobody has
          started come last.
        </p>
        <ConceptMasteryTable classId={classId} concepts={d.concepts} order={d.forgettingOrder} forecastDate={d.forecastDate} />
      </section>

      <section className="space-y-4" aria-labelledby="students-heading">
        <h2 id="students-heading" className="text-lg font-semibold">
          Students
        </h2>
        <RosterTable
          classId={classId}
          students={d.students}
          now={d.now}
          forecastDate={d.forecastDate}
          removeStudent={archived ? undefined : removeStudentAction}
        />
      </section>

      {d.students.length > 0 && (
        <section className="space-y-4" aria-labelledby="heatmap-heading">
          <h2 id="heatmap-heading" className="text-lg font-semibold">
            Mastery now, by student and concept (%)
          </h2>
          <MasteryHeatmap classId={classId} students={d.students} concepts={d.concepts} values={d.heatmap.now} forecastDate={d.forecastDate} />
        </section>
      )}

      <section className="space-y-4" aria-labelledby="settings-heading">
        <h2 id="settings-heading" className="text-lg font-semibold">
          Settings
        </h2>
        <ClassSettings
          classId={classId}
          name={d.class.name}
          thresholds={d.class.thresholds}
          archived={archived}
          actions={{
            rename: renameClassAction,
            updateThresholds: updateThresholdsAction,
            rotateCode: rotateCodeAction,
            archive: archiveClassAction,
            restore: restoreClassAction,
          }}
        />
      </section>
    </div>
  );
}
