import { route } from "@/lib/auth/handler";
import { recordLabRun } from "@/lib/db/lab-runs";
import type { Viewer } from "@/lib/db/users";
import { labRunRequestSchema } from "@/lib/labs/run-report";

/**
 * Records a finished lab run: grades its predictions against the measured summary and moves the linked
 * cards (confirmed is Good, refuted is Again). Resending the same `clientRunId` returns the first result.
 */
export const POST = route(labRunRequestSchema, { role: "STUDENT", name: "lab-runs" }, async (input, viewer) =>
  // The wrapper has checked the role, so a viewer is present.
  recordLabRun(viewer satisfies Viewer, input, new Date()),
);
