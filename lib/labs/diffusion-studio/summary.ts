import { z } from "zod";

import { DIFFUSION_SAMPLERS, DIFFUSION_SCHEDULES } from "./config";

const finite = z.number().nullable();
const stepCount = z.int().nonnegative();
const step = z.int().min(0).max(1000).nullable();
const bounds = z.object({ low: step, high: step });

/**
 * The summary of a Diffusion Studio run: when the source digit stops being recognisable under each
 * schedule, and what the chosen sampler made of the noised digit. `steps` is the sampling steps asked for.
 */
export const diffusionSummarySchema = z.object({
  lab: z.literal("diffusion-studio"),
  steps: stepCount,
  schedule: z.enum(DIFFUSION_SCHEDULES),
  sampler: z.enum(DIFFUSION_SAMPLERS),
  /** The step the source was noised to and sampling started from. */
  startStep: z.int().min(1).max(1000),
  /** Network evaluations the sampler made (fewer than `steps` when `steps` exceeds `startStep`). */
  evaluations: stepCount,
  digit: z.int().min(0).max(9),
  /** Which shipped picture of `digit` was noised, so the server can rebuild the run; null for a drawing. */
  sample: z.int().min(0).max(999).nullable(),
  /**
   * Per schedule, the last step at which the digit classifier still names the source digit (mean
   * probability at least one half over several noise draws); null when it never does.
   */
  recognisableUntil: z.object({ cosine: step, linear: step }),
  /**
   * Per schedule, the range the point above is known to from the spread of the noise draws: surely recognised
   * up to `low`, surely not from the point after `high` (see `recognisableBounds`).
   */
  recognisableBounds: z.object({ cosine: bounds, linear: bounds }),
  /** Root-mean-square difference between two samples from the same start with different fresh noise. */
  repeatRms: finite,
  /** Root-mean-square difference between the final sample and the source digit, on the [-1, 1] scale. */
  sourceRms: finite,
  /** The digit the classifier reads in the final sample, and the probability it gives that digit. */
  finalDigit: z.int().min(0).max(9),
  finalProbability: z.number().min(0).max(1),
});
export type DiffusionSummary = z.infer<typeof diffusionSummarySchema>;
