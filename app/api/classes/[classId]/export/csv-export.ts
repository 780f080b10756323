import "server-only";

import { type NextRequest, NextResponse } from "next/server";

import { errorToFailure, fieldErrorsOf } from "@/lib/auth/handler";
import { viewerOrThrow } from "@/lib/auth/session";
import { classDashboard } from "@/lib/db/dashboard";
import { ValidationError } from "@/lib/errors";
import { idSchema } from "@/lib/progress/class-schemas";
import { csvFileName } from "@/lib/progress/csv";
import { parseForecastDate } from "@/lib/progress/forecast";
import type { ClassDashboard } from "@/lib/progress/types";

// Shared by the two CSV routes (not a route itself). The JSON `route` wrapper cannot answer with a file, so this
// follows its contract by hand: who is asking first (401/403), then the input (422), then lib/db, which checks
// ownership (404 for a class that is not the viewer's); errors go through the wrapper's own `errorToFailure`, so
// they are the same JSON `{ ok: false, error }` answers, and unknown ones are logged and answered with a generic 500.

type Context = { params: Promise<{ classId: string }> };

/** A GET handler that exports one class's dashboard as CSV, shaped by `shape`. */
export function csvExport(what: "roster" | "mastery", shape: (dashboard: ClassDashboard) => string) {
  return async function GET(request: NextRequest, context: Context): Promise<Response> {
    try {
      const viewer = await viewerOrThrow("INSTRUCTOR", request.cookies);
      const id = idSchema.safeParse((await context.params).classId);
      if (!id.success) throw new ValidationError("Unknown class.", fieldErrorsOf(id.error));
      const classId = id.data;
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
      const { status, body, headers } = errorToFailure(error, `classes.export.${what}`);
      return NextResponse.json(body, { status, headers });
    }
  };
}
