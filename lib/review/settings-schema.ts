import { z } from "zod";

import { isValidTimeZone } from "@/lib/srs/day";
import { MAX_DESIRED_RETENTION, MIN_DESIRED_RETENTION } from "@/lib/srs/settings";

/**
 * The learner's review settings as the settings form edits them. One schema, shared by the form (for
 * messages as the learner types) and the server action (which trusts nothing the browser sent).
 * Steps are typed as one line ("1m 10m") and stored as a list.
 */

const STEP = /^[1-9]\d*[mhd]$/;
const STEP_LIMIT_DAYS = 30;

/** Minutes in a step string such as "10m", "1h" or "2d" (the caller has checked its shape). */
export function stepMinutes(step: string): number {
  const value = Number.parseInt(step.slice(0, -1), 10);
  const unit = step.slice(-1);
  return unit === "d" ? value * 1440 : unit === "h" ? value * 60 : value;
}

/** "1m  10m" -> ["1m", "10m"]; commas are accepted as separators too. */
export function splitSteps(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

function stepsField(what: "Learning" | "Relearning", allowEmpty: boolean) {
  return z
    .string()
    .max(200, { error: "Too long: use at most 10 steps." })
    .transform(splitSteps)
    .superRefine((steps, ctx) => {
      if (!allowEmpty && steps.length === 0) {
        ctx.addIssue({ code: "custom", message: `${what} steps need at least one step, e.g. "10m".` });
        return;
      }
      if (steps.length > 10) ctx.addIssue({ code: "custom", message: "Use at most 10 steps." });
      const bad = steps.find((s) => !STEP.test(s));
      if (bad !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `"${bad}" is not a step: write a whole number followed by m, h or d, e.g. "1m 10m" or "1h".`,
        });
        return;
      }
      if (steps.some((s) => stepMinutes(s) > STEP_LIMIT_DAYS * 1440)) {
        ctx.addIssue({ code: "custom", message: `A step can be at most ${STEP_LIMIT_DAYS} days.` });
      }
    });
}

/** What the settings form submits (numbers may arrive as strings from a form). */
export const reviewSettingsSchema = z.object({
  desiredRetention: z.coerce
    .number({ error: "Enter a number such as 0.9." })
    .min(MIN_DESIRED_RETENTION, { error: `Desired retention must be at least ${MIN_DESIRED_RETENTION}.` })
    .max(MAX_DESIRED_RETENTION, { error: `Desired retention must be at most ${MAX_DESIRED_RETENTION}.` }),
  newPerDay: z.coerce
    .number({ error: "Enter a whole number." })
    .int({ error: "Enter a whole number." })
    .min(0, { error: "New cards per day cannot be negative." })
    .max(9999, { error: "New cards per day must be at most 9999." }),
  maxReviewsPerDay: z.coerce
    .number({ error: "Enter a whole number." })
    .int({ error: "Enter a whole number." })
    .min(0, { error: "Maximum reviews per day cannot be negative." })
    .max(99999, { error: "Maximum reviews per day must be at most 99999." }),
  learningSteps: stepsField("Learning", false),
  relearningSteps: stepsField("Relearning", true),
  timezone: z
    .string()
    .trim()
    .min(1, { error: "Choose a time zone." })
    .refine(isValidTimeZone, { error: 'Use an IANA time zone name such as "Europe/Berlin" or "UTC".' }),
  dayStartHour: z.coerce
    .number({ error: "Enter an hour from 0 to 23." })
    .int({ error: "Enter a whole hour from 0 to 23." })
    .min(0, { error: "Enter an hour from 0 to 23." })
    .max(23, { error: "Enter an hour from 0 to 23." }),
});

/** The form's raw values (strings from inputs are accepted for numbers). */
export type ReviewSettingsForm = z.input<typeof reviewSettingsSchema>;
/** Parsed, normalized settings: steps as lists. */
export type ReviewSettings = z.output<typeof reviewSettingsSchema>;
