/** The transfer-learning lab: a pretrained digits CNN taught new digits from a few examples, three ways. */
import { defineTrainingLab } from "../lab-module";
import { transferLearningConfigSchema, transferLearningControls } from "./config";
import { transferLearningPredictions } from "./predictions";
import { summarizeTransferRun, transferMetricsSchema, transferSummarySchema } from "./summary";

export const transferLearningLab = defineTrainingLab({
  key: "transfer-learning",
  kind: "training",
  config: transferLearningConfigSchema,
  controls: transferLearningControls,
  metrics: transferMetricsSchema,
  summary: transferSummarySchema,
  finalStep: (config) => config.epochs,
  summarize: summarizeTransferRun,
  predictions: transferLearningPredictions,
});
