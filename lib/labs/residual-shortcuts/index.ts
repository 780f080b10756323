/** The residual-shortcuts lab: a plain and a residual deep MLP trained side by side from the same start. */
import { defineTrainingLab } from "../lab-module";
import { residualShortcutsConfigSchema, residualShortcutsControls } from "./config";
import { residualShortcutsPredictions } from "./predictions";
import { residualMetricsSchema, residualSummarySchema, summarizeResidual } from "./summary";

export const residualShortcutsLab = defineTrainingLab({
  key: "residual-shortcuts",
  kind: "training",
  config: residualShortcutsConfigSchema,
  controls: residualShortcutsControls,
  metrics: residualMetricsSchema,
  summary: residualSummarySchema,
  finalStep: (config) => config.steps,
  summarize: summarizeResidual,
  predictions: residualShortcutsPredictions,
});
