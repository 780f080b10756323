import { route } from "@/lib/auth/handler";
import { submitAttempt } from "@/lib/db/quizzes";
import { jsonBody } from "@/lib/quiz/json-body";
import { submitAttemptSchema } from "@/lib/quiz/schemas";

type Ctx = { params: Promise<{ attemptId: string }> };

/**
 * Submits a quiz graded at the end: `{ answers: [{ questionId, response }] }` -> score and the cards that moved.
 * 409 for a second submission (nothing is written); 422 for an answer that does not fit the attempt.
 */
export const POST = route<typeof submitAttemptSchema, Awaited<ReturnType<typeof submitAttempt>>, Ctx>(
  submitAttemptSchema,
  { role: "STUDENT", name: "quiz-submit", input: jsonBody },
  async (input, viewer) => submitAttempt(viewer, input, new Date()),
);
