import type { z } from "zod";

import { DATASETS, integerIn, labObject, numberIn, oneOf, seedField, stepsField } from "../config-fields";
import { type ControlSpec, datasetControl, seedControl, stepsControl } from "../controls";

/**
 * One small MLP trained three ways at once: no penalty, an L1 penalty and an L2 penalty of one strength,
 * calibrated so that both pull equally on a weight of the typical initial size (see `l1Calibration`).
 */
export const l1VsL2ConfigSchema = labObject("l1-vs-l2", {
  dataset: oneOf("dataset", DATASETS, "circles"),
  strength: numberIn("strength", 0, 1, 0.004),
  noise: numberIn("noise", 0, 0.5, 0.15),
  trainSize: integerIn("trainSize", 40, 400, 60),
  steps: stepsField(600),
  seed: seedField(),
});
export type L1VsL2Config = z.output<typeof l1VsL2ConfigSchema>;

export const l1VsL2Controls: readonly ControlSpec[] = [
  datasetControl,
  {
    kind: "number",
    field: "strength",
    label: "Penalty strength λ",
    min: 0,
    max: 1,
    step: "any",
    hint: "L2 pulls each weight by λw, L1 by λρ, where ρ is the typical initial weight size, so both pull alike on a typical weight.",
  },
  { kind: "range", field: "noise", label: "Label noise", min: 0, max: 0.5, step: 0.05 },
  { kind: "range", field: "trainSize", label: "Training points", min: 40, max: 400, step: 10 },
  stepsControl(),
  seedControl,
];
