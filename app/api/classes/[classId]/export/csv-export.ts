import "server-only";

import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";

import { fieldErrorsOf } from "@/lib/auth/handler";
import { viewerOrThrow } from "@/lib/auth/session";
import { classDashboard } from "@/lib/db/dashboard";
import { AppError, ValidationError } from "@/lib/errors";
import { idSchema } from "@/lib/progress/class-schemas";
import { csvFileName } from "@/lib/progress/csv";
import { parseForecastDate } from "@/lib/progress/forecast";
import type { ClassDashboard } from "@/lib/progress/types";

// Shared by the two CSV routes (not a route itself). The JSON `route` wrapper cannot answer with a file, so this
// follows its contract by hand: who is asking first (401/403), then the input (422), then lib/db, which checks
// ownership (404 for a class that is not the viewer's); errors are JSON `{ ok: false, error }` and unknown ones
// are logged and answered with a generic 500.

type Context = { params: Promise<{ classId: string }> };

/** A GET handler that exports one class's dashboard as CSV, shaped by `shape`. */
export function csvExport(what: "roster" | "mastery", shape: (dashboard: ClassDashboard) => string) {
  return async function GET(request: NextRequest, context: Context): Promise<Response> {
    try {
      const viewer = await viewerOrThrow("INSTRUCTOR", request.cookies);
      const classId = idSchema.parse((await context.params).classId);
      const now = new Date();
      const forecast = parseForecastDate(new URL(request.url).searchParams.get("forecast"), now);
      if (!forecast.ok) throw new ValidationError(forecast.error, { forecast: [forecast.error] });
      const dashboard = await classDashboard(viewer, classId, { now, forecastDate: forecast.date, forecastAt: forecast.at });
      return new Response(shape(dashboard), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="${csvFileName(dashboard.class.name, what, forecast.date)}"`,
          "Cache-Control": "private, no-store",
        },
      });
    } catch (error) {
      if (error instanceof AppError) {
        return NextResponse.json({ ok: false, error: error.message, fieldErrors: error.fieldErrors }, { status: error.status });
      }
      if (error instanceof z.ZodError) {
        return NextResponse.json({ ok: false, error: "Unknown class.", fieldErrors: fieldErrorsOf(error) }, { status: 422 });
      }
      console.error(`[classes.export.${what}]`, error);
      return NextResponse.json({ ok: false, error: "Something went wrong on our side. Please try again." }, { status: 500 });
    }
  };
}
