/**
 * The content contract: zod schemas for everything under `content/` (see content/README.md).
 *
 * The schemas check shape only. Rules that span items (unknown keys, duplicate keys, cycles, the number of
 * correct options, math that parses) live in `check.ts`, so one faulty field never hides a whole file.
 */
import { z } from "zod";

/** Lower-case kebab-case: `weight-decay`, `l1-vs-l2`. */
export const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The concept groups, in the order the course presents them. */
export const CONCEPT_GROUPS = [
  "Foundations",
  "Optimization",
  "Regularization and generalization",
  "Deep networks in practice",
  "Architectures",
  "Generative models",
] as const;

export const keySchema = z
  .string()
  .regex(KEY_PATTERN, { error: 'must be lower-case kebab-case, like "weight-decay"' });

/** Text an author writes; stored trimmed, so trailing newlines of YAML block scalars do not matter. */
export const textSchema = z.string().trim().min(1, { error: "must not be empty" });

const keyListSchema = z.array(keySchema);

export const conceptFrontmatterSchema = z.strictObject({
  key: keySchema,
  title: textSchema,
  group: z.enum(CONCEPT_GROUPS),
  order: z.number().int({ error: "must be a whole number" }),
  prerequisites: keyListSchema.default([]),
  labs: keyListSchema.default([]),
});

/** A partial lab configuration; the lab fills in its defaults and validates the values with its own schema. */
export const labPresetSchema = z.strictObject({
  key: keySchema,
  config: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: "must be text, a number, or true/false" }))
    .default({}),
});

export const basicCardSchema = z.strictObject({
  key: keySchema,
  kind: z.literal("basic"),
  front: textSchema,
  back: textSchema,
  lab: labPresetSchema.optional(),
});

export const clozeCardSchema = z.strictObject({
  key: keySchema,
  kind: z.literal("cloze"),
  text: textSchema,
  extra: textSchema.optional(),
  lab: labPresetSchema.optional(),
});

export const cardSchema = z.discriminatedUnion("kind", [basicCardSchema, clozeCardSchema]);

export const optionSchema = z.strictObject({
  text: textSchema,
  correct: z.boolean().default(false),
});

const optionListSchema = z
  .array(optionSchema)
  .min(2, { error: "needs at least 2 options" })
  .max(6, { error: "allows at most 6 options" });

const testedCardsSchema = keyListSchema.min(1, { error: "must name at least one card the question tests" });

export const singleQuestionSchema = z.strictObject({
  key: keySchema,
  kind: z.literal("single"),
  prompt: textSchema,
  options: optionListSchema,
  explanation: textSchema,
  cards: testedCardsSchema,
});

export const multipleQuestionSchema = z.strictObject({
  key: keySchema,
  kind: z.literal("multiple"),
  prompt: textSchema,
  options: optionListSchema,
  explanation: textSchema,
  cards: testedCardsSchema,
});

export const numericQuestionSchema = z.strictObject({
  key: keySchema,
  kind: z.literal("numeric"),
  prompt: textSchema,
  answer: z.number(),
  /** Absolute; must be > 0, which `check.ts` reports with a clearer message than a schema error. */
  tolerance: z.number(),
  unit: textSchema.optional(),
  explanation: textSchema,
  cards: testedCardsSchema,
});

export const questionSchema = z.discriminatedUnion("kind", [
  singleQuestionSchema,
  multipleQuestionSchema,
  numericQuestionSchema,
]);

/** The shape of `concepts/<key>.yaml`; items are validated one by one with `cardSchema` / `questionSchema`. */
export const conceptItemsFileSchema = z.strictObject({
  cards: z.array(z.unknown()).default([]),
  questions: z.array(z.unknown()).default([]),
});

export const predictionSchema = z.strictObject({
  key: keySchema,
  prompt: textSchema,
  cards: keyListSchema.min(1, { error: "must name at least one card the prediction tests" }),
});

export const labSchema = z.strictObject({
  key: keySchema,
  title: textSchema,
  summary: textSchema,
  predictions: z.array(predictionSchema).default([]),
});

/** The shape of `labs.yaml`; labs are validated one by one with `labSchema`. */
export const labsFileSchema = z.strictObject({
  labs: z.array(z.unknown()),
});

export type ConceptGroup = (typeof CONCEPT_GROUPS)[number];
export type ConceptFrontmatter = z.infer<typeof conceptFrontmatterSchema>;
export type LabPreset = z.infer<typeof labPresetSchema>;
export type BasicCard = z.infer<typeof basicCardSchema>;
export type ClozeCard = z.infer<typeof clozeCardSchema>;
export type Card = z.infer<typeof cardSchema>;
export type QuestionOption = z.infer<typeof optionSchema>;
export type SingleQuestion = z.infer<typeof singleQuestionSchema>;
export type MultipleQuestion = z.infer<typeof multipleQuestionSchema>;
export type NumericQuestion = z.infer<typeof numericQuestionSchema>;
export type Question = z.infer<typeof questionSchema>;
export type Prediction = z.infer<typeof predictionSchema>;
export type Lab = z.infer<typeof labSchema>;
