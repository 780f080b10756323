import type { Metadata } from "next";
import Link from "next/link";

import { ForecastForm } from "@/components/dashboard/forecast-form";
import { withForecast } from "@/components/dashboard/format";
import { StudentDetail } from "@/components/dashboard/student-detail";
import { requireRole } from "@/lib/auth/session";
import { studentProgress } from "@/lib/db/dashboard";

import { orNotFound, resolveForecast } from "../../page-data";

export const metadata: Metadata = { title: "Student progress" };

interface Props {
  params: Promise<{ classId: string; studentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function StudentPage({ params, searchParams }: Props) {
  const { classId, studentId } = await params;
  const path = `/classes/${classId}/students/${studentId}`;
  const viewer = await requireRole("INSTRUCTOR", path);
  const now = new Date();
  const forecast = resolveForecast((await searchParams).forecast, now);
  const p = await orNotFound(studentProgress(viewer, classId, studentId, forecast.options));
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href={withForecast(`/classes/${classId}`, p.forecastDate)} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← {p.class.name}
        </Link>
      </p>
      <ForecastForm action={path} forecastDate={p.forecastDate} min={forecast.min} error={forecast.error} />
      <StudentDetail classId={classId} progress={p} now={now} />
    </div>
  );
}
