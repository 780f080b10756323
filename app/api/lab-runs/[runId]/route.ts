import { z } from "zod";

import { route } from "@/lib/auth/handler";
import { labRunResult } from "@/lib/db/lab-runs";
import type { LabRunResultDto } from "@/lib/labs/run-report";

type Ctx = { params: Promise<{ runId: string }> };

const runIdSchema = z.object({ runId: z.string().min(1).max(100) });

/**
 * Where one of the student's recorded runs stands: `verifying` while the server reproduces it, then `graded`
 * (with the cards each prediction moved) or `refused` (with the reason). The lab page asks until it is done.
 */
export const GET = route<typeof runIdSchema, LabRunResultDto, Ctx>(
  runIdSchema,
  { role: "STUDENT", name: "lab-run-result", input: async (_req, ctx) => ({ runId: (await ctx.params).runId }) },
  async (input, viewer) => labRunResult(viewer, input.runId),
);
