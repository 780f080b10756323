/**
 * The shape of one lab: a folder under lib/labs with its settings (`config.ts`: schema, and the form's controls
 * for a training lab), what it measures (`summary.ts`: the streamed metrics and the finished run's summary),
 * its predictions (`predictions.ts`), its experiment, and an `index.ts` that puts them together as a
 * `LabModule`. The registry (`registry.ts`) lists every lab's module; nothing else lists labs.
 */
import type { z } from "zod";

import type { ControlSpec } from "./controls";
import type { LabKey } from "./lab-keys";
import type { LabPrediction } from "./prediction";

interface LabModuleBase<K extends LabKey, C extends z.ZodType, S extends z.ZodType> {
  readonly key: K;
  /** The settings: defaults, ranges and messages (a partial config, from a preset or a URL, parses to a full one). */
  readonly config: C;
  /** The summary of a finished run: what predictions are graded on, and what the server recomputes. */
  readonly summary: S;
  /** In the order the page asks them. */
  readonly predictions: readonly LabPrediction<z.output<C>, z.output<S>>[];
}

/** A lab that trains in the lab runtime (worker), streaming metrics; its experiment is in `experiments.ts`. */
export interface TrainingLabModule<
  K extends LabKey = LabKey,
  C extends z.ZodType = z.ZodType,
  S extends z.ZodType = z.ZodType,
  M extends z.ZodType = z.ZodType,
> extends LabModuleBase<K, C, S> {
  readonly kind: "training";
  readonly controls: readonly ControlSpec[];
  /** One streamed measurement. */
  readonly metrics: M;
  /** The step a finished run reaches (its steps, or epochs). */
  finalStep(config: z.output<C>): number;
  /** Reduces a run to its summary from its first measurement (step 0) and its last one. */
  summarize(first: z.output<M>, last: z.output<M>): z.output<S>;
}

/** A lab the learner drives by hand on its page (its own view); a run ends in a measured summary too. */
export interface InteractiveLabModule<K extends LabKey = LabKey, C extends z.ZodType = z.ZodType, S extends z.ZodType = z.ZodType>
  extends LabModuleBase<K, C, S> {
  readonly kind: "interactive";
}

export type LabModule<K extends LabKey = LabKey> = TrainingLabModule<K> | InteractiveLabModule<K>;

/** Identity helpers that infer a module's precise types (so the registry keeps them). */
export function defineTrainingLab<K extends LabKey, C extends z.ZodType, S extends z.ZodType, M extends z.ZodType>(
  module: TrainingLabModule<K, C, S, M>,
): TrainingLabModule<K, C, S, M> {
  return module;
}

export function defineInteractiveLab<K extends LabKey, C extends z.ZodType, S extends z.ZodType>(
  module: InteractiveLabModule<K, C, S>,
): InteractiveLabModule<K, C, S> {
  return module;
}
