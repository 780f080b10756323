import type { Metadata } from "next";
import Link from "next/link";

import { ConceptDetail } from "@/components/dashboard/concept-detail";
import { ForecastForm } from "@/components/dashboard/forecast-form";
import { withForecast } from "@/components/dashboard/format";
import { requireRole } from "@/lib/auth/session";
import { clozeFront } from "@/lib/content/cloze";
import { renderInline } from "@/lib/content/render";
import { conceptProgress } from "@/lib/db/dashboard";

import { orNotFound, resolveForecast } from "../../page-data";

export const metadata: Metadata = { title: "Concept across the class" };

interface Props {
  params: Promise<{ classId: string; conceptKey: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function ConceptPage({ params, searchParams }: Props) {
  const { classId, conceptKey } = await params;
  const path = `/classes/${classId}/concepts/${conceptKey}`;
  const viewer = await requireRole("INSTRUCTOR", path);
  const now = new Date();
  const forecast = resolveForecast((await searchParams).forecast, now);
  const p = await orNotFound(conceptProgress(viewer, classId, conceptKey, forecast.options));
  const cardPrompts = Object.fromEntries(
    p.cards.map((card) => [card.key, renderInline(card.kind === "CLOZE" ? clozeFront(card.prompt) : card.prompt)]),
  );
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href={withForecast(`/classes/${classId}`, p.forecastDate)} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← {p.class.name}
        </Link>
      </p>
      <ForecastForm action={path} forecastDate={p.forecastDate} min={forecast.min} error={forecast.error} />
      <ConceptDetail classId={classId} progress={p} cardPrompts={cardPrompts} />
    </div>
  );
}
