/**
 * Building blocks of the labs' configuration schemas (each lab's `config.ts`): fields with their own
 * learner-facing messages and defaults, and the option lists several labs share. No TensorFlow.js.
 */
import { z } from "zod";

import type { LabKey } from "./lab-keys";

export const DATASETS = ["spirals", "circles", "xor"] as const;
export const ACTIVATIONS = ["sigmoid", "tanh", "relu"] as const;
export const INITS = ["small", "xavier", "he", "large"] as const;
export type DatasetName = (typeof DATASETS)[number];
export type ActivationName = (typeof ACTIVATIONS)[number];
export type InitName = (typeof INITS)[number];

/** Largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 4_294_967_295;

// Each check carries its own message: the lab page shows these to the learner as they are.
export function integerIn(field: string, min: number, max: number, fallback: number) {
  const range = `${field} must be a whole number from ${min} to ${max}`;
  return z
    .number({ error: range })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range })
    .default(fallback);
}

export function numberIn(field: string, min: number, max: number, fallback: number) {
  const range = `${field} must be a number from ${min} to ${max}`;
  return z.number({ error: range }).min(min, { error: range }).max(max, { error: range }).default(fallback);
}

export function oneOf<const T extends readonly [string, ...string[]]>(field: string, values: T, fallback: T[number]) {
  return z.enum(values, { error: `${field} must be one of ${values.join(", ")}` }).default(fallback);
}

export function flag(field: string, fallback: boolean) {
  return z.boolean({ error: `${field} must be true or false` }).default(fallback);
}

/** A lab's settings object: unknown settings are refused with the list of the lab's own. */
export function labObject<S extends z.ZodRawShape>(lab: LabKey, shape: S) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(", ")} for lab ${lab} (settings: ${known})`
        : undefined,
  });
}

export const seedField = () => integerIn("seed", 0, MAX_SEED, 1);
export const stepsField = (fallback: number) => integerIn("steps", 10, 2000, fallback);
