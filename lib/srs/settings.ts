import { z } from "zod";
import { InvalidSettingsError } from "./errors";
import type { SchedulerSettings } from "./memory-state";

/** Number of FSRS-6 parameters. */
export const FSRS_WEIGHT_COUNT = 21;

/** The range of desired retention a learner may choose. */
export const MIN_DESIRED_RETENTION = 0.7;
export const MAX_DESIRED_RETENTION = 0.99;

/** A (re)learning step: a positive whole number of minutes, hours or days ("1m", "10m", "1h", "1d"). */
const STEP_PATTERN = /^[1-9]\d*[mhd]$/;

/** Settings for a learner who has changed nothing: ts-fsrs's defaults, with retention 0.9. */
export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = Object.freeze({
  desiredRetention: 0.9,
  weights: null,
  learningSteps: Object.freeze(["1m", "10m"]),
  relearningSteps: Object.freeze(["10m"]),
  maximumIntervalDays: 36500,
});

/**
 * zod schema of `SchedulerSettings`, shared by the settings form and the server action that saves it.
 */
export const schedulerSettingsSchema = z.object({
  desiredRetention: z.number().min(MIN_DESIRED_RETENTION).max(MAX_DESIRED_RETENTION),
  weights: z.array(z.number()).length(FSRS_WEIGHT_COUNT).nullable(),
  learningSteps: z.array(z.string().regex(STEP_PATTERN, 'a step is a whole number and m, h or d, e.g. "10m"')).max(10),
  relearningSteps: z.array(z.string().regex(STEP_PATTERN, 'a step is a whole number and m, h or d, e.g. "10m"')).max(10),
  maximumIntervalDays: z.number().int().min(1).max(36500),
});

/** True when `step` is a step string ts-fsrs accepts and this app allows. */
export function isStepString(step: string): step is `${number}${"m" | "h" | "d"}` {
  return STEP_PATTERN.test(step);
}

/**
 * Throws `InvalidSettingsError` naming the first problem when `settings` cannot drive FSRS.
 */
export function assertValidSettings(settings: SchedulerSettings): void {
  const parsed = schedulerSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join(".") : "settings";
    throw new InvalidSettingsError(`Invalid scheduler settings at ${where}: ${issue?.message ?? "invalid"}`);
  }
}
