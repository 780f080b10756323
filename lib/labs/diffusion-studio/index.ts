/** The Diffusion Studio: noising digits under two schedules and denoising them with a small pretrained model. */
import { defineInteractiveLab } from "../lab-module";
import { diffusionStudioConfigSchema } from "./config";
import { diffusionStudioPredictions } from "./predictions";
import { diffusionSummarySchema } from "./summary";

export const diffusionStudioLab = defineInteractiveLab({
  key: "diffusion-studio",
  kind: "interactive",
  config: diffusionStudioConfigSchema,
  summary: diffusionSummarySchema,
  predictions: diffusionStudioPredictions,
});
