/**
 * The labs of the course: one module per lab (its folder's `index.ts`), and nothing else lists labs. Adding a
 * lab is a folder and one line here; the `satisfies` clause names any key of `LAB_KEYS` without a module.
 * No TensorFlow.js: the server, the content checker and every page can import it.
 */
import type { z } from "zod";

import { convDarkroomLab } from "./conv-darkroom";
import { diffusionStudioLab } from "./diffusion-studio";
import { l1VsL2Lab } from "./l1-vs-l2";
import { LAB_KEYS, type LabKey } from "./lab-keys";
import type { LabModule } from "./lab-module";
import { residualShortcutsLab } from "./residual-shortcuts";
import { transferLearningLab } from "./transfer-learning";
import { vanishingGradientsLab } from "./vanishing-gradients";

export const labs = {
  "vanishing-gradients": vanishingGradientsLab,
  "residual-shortcuts": residualShortcutsLab,
  "l1-vs-l2": l1VsL2Lab,
  "transfer-learning": transferLearningLab,
  "conv-darkroom": convDarkroomLab,
  "diffusion-studio": diffusionStudioLab,
} as const satisfies { readonly [K in LabKey]: LabModule<K> };

type Labs = typeof labs;

/** A lab's full configuration (every field present). */
export type LabConfig<K extends LabKey = LabKey> = z.output<Labs[K]["config"]>;
/** A lab's partial configuration, as a card preset or a URL gives it. */
export type LabConfigInput<K extends LabKey = LabKey> = z.input<Labs[K]["config"]>;
/** The summary of a finished run of lab `K`. */
export type SummaryOf<K extends LabKey> = z.output<Labs[K]["summary"]>;
export type LabSummary = { [K in LabKey]: SummaryOf<K> }[LabKey];

/** The labs that train in the lab runtime (worker) and stream metrics. */
export type TrainingLab = { [K in LabKey]: Labs[K]["kind"] extends "training" ? K : never }[LabKey];
/** The labs the learner drives by hand on their own view. */
export type InteractiveLab = Exclude<LabKey, TrainingLab>;

type TrainingModule<K extends TrainingLab> = Extract<Labs[K], { kind: "training" }>;
export type MetricsOf<K extends TrainingLab> = z.output<TrainingModule<K>["metrics"]>;
export type LabMetrics = { [K in TrainingLab]: MetricsOf<K> }[TrainingLab];

export const TRAINING_LABS = LAB_KEYS.filter((key) => labs[key].kind === "training") as readonly TrainingLab[];
export const INTERACTIVE_LABS = LAB_KEYS.filter((key) => labs[key].kind === "interactive") as readonly InteractiveLab[];

/** True when `lab` trains in the lab runtime. */
export function isTrainingLab(lab: string): lab is TrainingLab {
  return (TRAINING_LABS as readonly string[]).includes(lab);
}

/** The module of `lab`, typed loosely (for code that handles any lab by its key). */
export function labModule(lab: LabKey): LabModule {
  return labs[lab] as LabModule;
}
