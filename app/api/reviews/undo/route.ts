import { route } from "@/lib/auth/handler";
import { undoGrade } from "@/lib/db/review-session";
import { undoRequestSchema } from "@/lib/review/api-schema";

/** Undoes the signed-in student's latest grade of a card; answers with the card to show again and the session. */
export const POST = route(undoRequestSchema, { role: "STUDENT", name: "reviews-undo" }, async (input, viewer) =>
  undoGrade(viewer, input, new Date()),
);
