import type { z } from "zod";

import { integerIn, labObject, oneOf, seedField } from "../config-fields";

export const DIFFUSION_SCHEDULES = ["cosine", "linear"] as const;
export const DIFFUSION_SAMPLERS = ["euler", "ddim-eta0", "ddim-eta1"] as const;

/** Noising and denoising digits with a small pretrained diffusion model. */
export const diffusionStudioConfigSchema = labObject("diffusion-studio", {
  schedule: oneOf("schedule", DIFFUSION_SCHEDULES, "cosine"),
  sampler: oneOf("sampler", DIFFUSION_SAMPLERS, "ddim-eta0"),
  steps: integerIn("steps", 1, 1000, 50),
  t: integerIn("t", 0, 1000, 400),
  digit: integerIn("digit", 0, 9, 3),
  seed: seedField(),
});
export type DiffusionStudioConfig = z.output<typeof diffusionStudioConfigSchema>;
