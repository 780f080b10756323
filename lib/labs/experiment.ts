/** The contract of a training lab's experiment, as the lab runtime, benchmarks and the server drive it. */
import type { TransferInputs } from "./digits/transfer-inputs";

/** A training run that advances in chunks of steps and measures itself after each chunk. */
export interface Experiment<M extends { readonly lab: string; readonly step: number } = { readonly lab: string; readonly step: number }> {
  readonly lab: M["lab"];
  /** Steps the configuration asks for. */
  readonly totalSteps: number;
  /** Steps trained so far. */
  readonly step: number;
  /** True once `step` has reached `totalSteps`. */
  readonly done: boolean;
  /**
   * Trains up to `steps` more steps (never past `totalSteps`; 0 trains none) and returns a measurement
   * taken after them. A decision boundary is included at step 0, at the end, and whenever the chunk
   * crossed a multiple of the experiment's `boundaryEvery`.
   */
  advance(steps: number): Promise<M>;
  /** Frees every tensor the experiment holds. Safe to call twice. */
  dispose(): void;
}

/**
 * Steps between decision-boundary grids by default. A grid (40 x 40 points through every model) costs as much
 * as the rest of a measurement together, so a run draws a few boundaries and measures everything else often.
 */
export const DEFAULT_BOUNDARY_EVERY = 100;

export interface ExperimentOptions {
  /** Steps between decision-boundary grids (default DEFAULT_BOUNDARY_EVERY). */
  readonly boundaryEvery?: number;
  /** The transfer-learning lab's pretrained base and shipped digits (required for that lab only). */
  readonly transfer?: TransferInputs;
}
