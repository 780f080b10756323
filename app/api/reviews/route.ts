import { z } from "zod";

import { route } from "@/lib/auth/handler";
import { gradeCard, reviewSession } from "@/lib/db/review-session";
import { gradeRequestSchema } from "@/lib/review/api-schema";

/** The signed-in student's review session now: counts and the next cards (used to refresh the screen). */
export const GET = route(
  z.object({}),
  { role: "STUDENT", name: "reviews-session", input: async () => ({}) },
  async (_input, viewer) => reviewSession(viewer, new Date()),
);

/**
 * Grades one card for the signed-in student and answers with the outcome (the screen fetches the next cards
 * with GET when it runs low). The learner is the session's; a retried request with the same clientEventId
 * changes nothing and gets the same outcome.
 */
export const POST = route(gradeRequestSchema, { role: "STUDENT", name: "reviews-grade" }, async (input, viewer) =>
  gradeCard(viewer, input, new Date()),
);
