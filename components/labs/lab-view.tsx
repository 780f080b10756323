"use client";

import { isTrainingLab } from "@/lib/labs/registry";

import { InteractiveLabView } from "./interactive-lab-view";
import type { LabViewProps } from "./lab-frame";
import { TrainingLabView } from "./training-lab-view";

export type { LabViewProps } from "./lab-frame";

/**
 * A lab page's interactive part: a lab that trains a network in the lab worker, or one the learner drives by
 * hand. Each view binds the settings to the URL and sends a finished run to be graded.
 */
export function LabView(props: LabViewProps) {
  const { lab } = props;
  return isTrainingLab(lab) ? <TrainingLabView {...props} lab={lab} /> : <InteractiveLabView {...props} lab={lab} />;
}

export default LabView;
