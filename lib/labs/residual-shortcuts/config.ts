import type { z } from "zod";

import { ACTIVATIONS, DATASETS, INITS, integerIn, labObject, numberIn, oneOf, seedField, stepsField } from "../config-fields";
import { type ControlSpec, gradientControls } from "../controls";

/**
 * A plain and a residual MLP of the same shape, trained side by side on the same data from the same start. The
 * defaults are a setting where the plain net's gradient vanishes by orders of magnitude (sigmoid, whose
 * derivative is at most 1/4, 30 layers deep) and the residual one trains: both predictions are graded there.
 */
export const residualShortcutsConfigSchema = labObject("residual-shortcuts", {
  dataset: oneOf("dataset", DATASETS, "circles"),
  depth: integerIn("depth", 2, 64, 30),
  width: integerIn("width", 2, 64, 16),
  activation: oneOf("activation", ACTIVATIONS, "sigmoid"),
  init: oneOf("init", INITS, "xavier"),
  learningRate: numberIn("learningRate", 0.00001, 10, 0.1),
  steps: stepsField(200),
  batchSize: integerIn("batchSize", 1, 512, 64),
  seed: seedField(),
});
export type ResidualShortcutsConfig = z.output<typeof residualShortcutsConfigSchema>;

export const residualShortcutsControls: readonly ControlSpec[] = gradientControls(64);
