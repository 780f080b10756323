/** The L1-vs-L2 lab: one small MLP trained with no penalty, an L1 penalty and an L2 penalty at once. */
import { defineTrainingLab } from "../lab-module";
import { l1VsL2ConfigSchema, l1VsL2Controls } from "./config";
import { l1VsL2Predictions } from "./predictions";
import { l1VsL2MetricsSchema, l1VsL2SummarySchema, summarizeL1VsL2 } from "./summary";

export const l1VsL2Lab = defineTrainingLab({
  key: "l1-vs-l2",
  kind: "training",
  config: l1VsL2ConfigSchema,
  controls: l1VsL2Controls,
  metrics: l1VsL2MetricsSchema,
  summary: l1VsL2SummarySchema,
  finalStep: (config) => config.steps,
  summarize: summarizeL1VsL2,
  predictions: l1VsL2Predictions,
});
