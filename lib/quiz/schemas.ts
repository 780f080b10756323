/**
 * Input schemas shared by the quiz route handlers and the quiz UI. Client-safe: zod only.
 */
import { z } from "zod";

import { KEY_PATTERN } from "@/lib/content/schema";

/** Content allows at most 6 options; a few more indexes than that is still clearly a tampered request. */
const MAX_CHOICES = 16;

/** Row ids are cuids; anything else cannot name an attempt or a question. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9]{8,40}$/, { error: "is not a valid id" });

export const quizResponseSchema = z.union([
  z.strictObject({
    choices: z
      .array(z.number().int({ error: "must be a whole number" }).min(0, { error: "must not be negative" }))
      .max(MAX_CHOICES),
  }),
  z.strictObject({ value: z.number().finite({ error: "must be a finite number" }).nullable() }),
]);

export const quizScopeSchema = z.enum(["CONCEPT", "MIXED", "DUE_SOON"]);
export const quizModeSchema = z.enum(["STEP", "END"]);

export const startQuizSchema = z
  .strictObject({
    scope: quizScopeSchema,
    conceptKeys: z.array(z.string().regex(KEY_PATTERN, { error: "is not a concept key" })).max(100).default([]),
    mode: quizModeSchema.default("STEP"),
  })
  .superRefine((input, ctx) => {
    if (input.scope === "CONCEPT" && input.conceptKeys.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["conceptKeys"], message: "A concept quiz needs exactly one concept." });
    }
    if (input.scope === "MIXED" && input.conceptKeys.length === 0) {
      ctx.addIssue({ code: "custom", path: ["conceptKeys"], message: "Pick at least one concept for a mixed quiz." });
    }
    if (input.scope === "DUE_SOON" && input.conceptKeys.length > 0) {
      ctx.addIssue({ code: "custom", path: ["conceptKeys"], message: "A due-soon quiz picks its own questions." });
    }
  });

export const answerQuestionSchema = z.strictObject({
  attemptId: idSchema,
  questionId: idSchema,
  response: quizResponseSchema,
  durationMs: z.number().int().min(0).max(86_400_000).nullish(),
});

export const submitAttemptSchema = z.strictObject({
  attemptId: idSchema,
  answers: z
    .array(z.strictObject({ questionId: idSchema, response: quizResponseSchema }))
    .max(500),
});

export type StartQuizInput = z.input<typeof startQuizSchema>;
export type AnswerQuestionInput = z.infer<typeof answerQuestionSchema>;
export type SubmitAttemptInput = z.infer<typeof submitAttemptSchema>;

/**
 * What a learner typed into a numeric answer, as a number: surrounding spaces are ignored, a decimal comma is
 * read as a point ("0,5"), and exponents ("1e-3") are allowed. Null when it is empty or not a number.
 */
export function parseNumericInput(text: string): number | null {
  let s = text.trim().replace(/\s+/g, "");
  if (s === "") return null;
  if (!s.includes(".") && (s.match(/,/g) ?? []).length === 1) s = s.replace(",", ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const value = Number(s);
  return Number.isFinite(value) ? value : null;
}
