import type { z } from "zod";

import { ACTIVATIONS, DATASETS, INITS, integerIn, labObject, numberIn, oneOf, seedField, stepsField } from "../config-fields";
import { type ControlSpec, gradientControls } from "../controls";

/** Deep MLP whose per-layer gradient norms show vanishing (and exploding) gradients. */
export const vanishingGradientsConfigSchema = labObject("vanishing-gradients", {
  dataset: oneOf("dataset", DATASETS, "circles"),
  depth: integerIn("depth", 2, 50, 10),
  width: integerIn("width", 2, 64, 16),
  activation: oneOf("activation", ACTIVATIONS, "sigmoid"),
  init: oneOf("init", INITS, "xavier"),
  learningRate: numberIn("learningRate", 0.00001, 10, 0.1),
  steps: stepsField(300),
  batchSize: integerIn("batchSize", 1, 512, 64),
  seed: seedField(),
});
export type VanishingGradientsConfig = z.output<typeof vanishingGradientsConfigSchema>;

export const vanishingGradientsControls: readonly ControlSpec[] = gradientControls(50);
