import { route } from "@/lib/auth/handler";
import { startAttempt } from "@/lib/db/quizzes";
import { jsonBody } from "@/lib/quiz/json-body";
import { startQuizSchema } from "@/lib/quiz/schemas";

/**
 * Starts a quiz for the signed-in student: `{ scope, conceptKeys, mode }` -> `{ id }`. A POST, so a link
 * prefetch can never create an attempt.
 */
export const POST = route(startQuizSchema, { role: "STUDENT", name: "quiz-start", input: jsonBody }, async (input, viewer) =>
  startAttempt(viewer, input, new Date()),
);
