import type { z } from "zod";

import { integerIn, labObject, numberIn, seedField } from "../config-fields";
import { type ControlSpec, seedControl } from "../controls";

/**
 * Fine-tuning a small pretrained network on a few examples per class. The fine-tuned network follows the
 * usual recipe: its new output layer is trained first with the pretrained layers frozen (`headEpochs`), then
 * the last `fineTuneLayers` pretrained layers are unfrozen and trained with it at `fineTuneLearningRate`
 * for the remaining epochs. With `headEpochs` >= `epochs` it never leaves the frozen network.
 */
export const transferLearningConfigSchema = labObject("transfer-learning", {
  examplesPerClass: integerIn("examplesPerClass", 1, 50, 5),
  learningRate: numberIn("learningRate", 0.00001, 1, 0.01),
  fineTuneLearningRate: numberIn("fineTuneLearningRate", 0.000001, 1, 0.001),
  epochs: integerIn("epochs", 1, 100, 20),
  headEpochs: integerIn("headEpochs", 0, 100, 10),
  fineTuneLayers: integerIn("fineTuneLayers", 1, 3, 1),
  seed: seedField(),
});
export type TransferLearningConfig = z.output<typeof transferLearningConfigSchema>;

export const transferLearningControls: readonly ControlSpec[] = [
  { kind: "range", field: "examplesPerClass", label: "Labelled examples per digit", min: 1, max: 50, step: 1 },
  { kind: "number", field: "epochs", label: "Epochs", min: 1, max: 100, step: 1 },
  { kind: "number", field: "learningRate", label: "Learning rate (new layers)", min: 0.00001, max: 1, step: "any" },
  {
    kind: "number",
    field: "fineTuneLearningRate",
    label: "Learning rate (pretrained layers)",
    min: 0.000001,
    max: 1,
    step: "any",
    hint: "Used when fine-tuning; usually 10 to 100 times smaller.",
  },
  {
    kind: "number",
    field: "headEpochs",
    label: "Epochs training the new layer first (pretrained layers frozen)",
    min: 0,
    max: 100,
    step: 1,
    hint: "The fine-tuned network unfreezes its pretrained layers only after these epochs.",
  },
  {
    kind: "range",
    field: "fineTuneLayers",
    label: "Pretrained layers to fine-tune (the last ones)",
    min: 1,
    max: 3,
    step: 1,
    hint: "1: the hidden dense layer; 2: it and the second convolutional layer; 3: all three.",
  },
  seedControl,
];
