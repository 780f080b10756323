import { route } from "@/lib/auth/handler";
import { recordLabRun } from "@/lib/db/lab-runs";
import { labRunRequestSchema } from "@/lib/labs/run-report";

/**
 * Records a finished lab run. The server reproduces it from its lab, settings and seed, grades the predictions
 * on its own measurements and moves the linked cards (confirmed is Good, refuted is Again); a quick run is
 * answered graded, a slow one `verifying` (ask GET /api/lab-runs/<runId>). 422, with nothing graded, for a
 * summary the server measures differently. Resending the same `clientRunId` answers for the first run.
 */
export const POST = route(labRunRequestSchema, { role: "STUDENT", name: "lab-runs" }, async (input, viewer) =>
  recordLabRun(viewer, input, new Date()),
);
