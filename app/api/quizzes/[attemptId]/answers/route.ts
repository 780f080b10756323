import { route } from "@/lib/auth/handler";
import { answerQuestion } from "@/lib/db/quizzes";
import { jsonBody } from "@/lib/quiz/json-body";
import { answerQuestionSchema } from "@/lib/quiz/schemas";

type Ctx = { params: Promise<{ attemptId: string }> };

/**
 * Answers one question of a step-by-step quiz: `{ questionId, response, durationMs? }` -> the graded review,
 * the cards that moved and whether the quiz is finished. The same answer sent twice is recorded once.
 * 404: not the student's attempt; 409: a different answer to an answered question, or a finished quiz;
 * 422: a question not in the attempt or an option that is not shown.
 */
export const POST = route<typeof answerQuestionSchema, Awaited<ReturnType<typeof answerQuestion>>, Ctx>(
  answerQuestionSchema,
  { role: "STUDENT", name: "quiz-answer", input: jsonBody },
  async (input, viewer) => answerQuestion(viewer, input, new Date()),
);
