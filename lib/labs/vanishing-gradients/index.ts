/** The vanishing-gradients lab: a deep MLP and the gradient norm of each of its layers. */
import { defineTrainingLab } from "../lab-module";
import { vanishingGradientsConfigSchema, vanishingGradientsControls } from "./config";
import { vanishingGradientsPredictions } from "./predictions";
import { summarizeVanishing, vanishingMetricsSchema, vanishingSummarySchema } from "./summary";

export const vanishingGradientsLab = defineTrainingLab({
  key: "vanishing-gradients",
  kind: "training",
  config: vanishingGradientsConfigSchema,
  controls: vanishingGradientsControls,
  metrics: vanishingMetricsSchema,
  summary: vanishingSummarySchema,
  finalStep: (config) => config.steps,
  summarize: summarizeVanishing,
  predictions: vanishingGradientsPredictions,
});
