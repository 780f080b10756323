import "server-only";

import { notFound } from "next/navigation";

import { NotFoundError } from "@/lib/errors";
import { parseForecastDate, utcDateKey } from "@/lib/progress/forecast";

// Shared by the class pages (not a route: Next.js only routes page, layout and route files).

/** Awaits a lib/db call and turns "not yours / not found" into the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

/**
 * The forecast date from `?forecast=`: the picked date when valid; otherwise the default date and the message
 * to show, so a mistyped date never hides the dashboard.
 */
export function resolveForecast(raw: string | string[] | undefined, now: Date) {
  const value = Array.isArray(raw) ? raw[0] : raw;
  const parsed = parseForecastDate(value, now);
  const fallback = parseForecastDate(undefined, now);
  if (!fallback.ok) throw new Error("The default forecast date must parse.");
  const chosen = parsed.ok ? parsed : fallback;
  return {
    options: { now, forecastDate: chosen.date, forecastAt: chosen.at },
    error: parsed.ok ? undefined : parsed.error,
    min: utcDateKey(now),
  };
}
