import { z } from "zod";

import { riskThresholdsSchema } from "./at-risk";

/**
 * Join codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a code read aloud or
 * copied from a projector is typed right.
 */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 8;

/**
 * A code as typed, made comparable: upper case, without spaces or dashes. Older codes (such as the demo
 * class's) may use any letters, so nothing else is changed.
 */
export function normalizeJoinCode(raw: string): string {
  return raw.replace(/[\s-]+/g, "").toUpperCase();
}

/** A new join code, from `randomInt(n)` giving a uniform integer in [0, n) (crypto.randomInt on the server). */
export function makeJoinCode(randomInt: (max: number) => number): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

export const joinCodeSchema = z
  .string({ error: "Enter the join code your instructor gave you." })
  .transform(normalizeJoinCode)
  .pipe(
    z
      .string()
      .min(1, "Enter the join code your instructor gave you.")
      .regex(/^[A-Z0-9]{6,12}$/, "A join code is 8 letters and digits, like 7KQ4MZ2P."),
  );

export const classNameSchema = z
  .string({ error: "Give the class a name." })
  .trim()
  .min(1, "Give the class a name.")
  .max(100, "Keep the name under 100 characters.");

/** Class and student ids arrive from URLs and forms: bounded strings, looked up (and checked) in lib/db. */
export const idSchema = z.string().trim().min(1, "Missing id.").max(64, "Unknown id.");

export const createClassSchema = z.object({ name: classNameSchema });
export const renameClassSchema = z.object({ classId: idSchema, name: classNameSchema });
export const classIdSchema = z.object({ classId: idSchema });
export const removeStudentSchema = z.object({ classId: idSchema, studentId: idSchema });
export const thresholdsSchema = riskThresholdsSchema.extend({ classId: idSchema });
export const joinClassSchema = z.object({ code: joinCodeSchema });
