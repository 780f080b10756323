/** The Conv Darkroom: convolution kernels applied by hand, and an occlusion scan by a digit classifier. */
import { defineInteractiveLab } from "../lab-module";
import { convDarkroomConfigSchema } from "./config";
import { convDarkroomPredictions } from "./predictions";
import { darkroomSummarySchema } from "./summary";

export const convDarkroomLab = defineInteractiveLab({
  key: "conv-darkroom",
  kind: "interactive",
  config: convDarkroomConfigSchema,
  summary: darkroomSummarySchema,
  predictions: convDarkroomPredictions,
});
