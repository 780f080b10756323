/**
 * The bare loop of the labs benchmark, shared by its Node half, the page and the bare worker: a lab's
 * training steps in one chunk, with no runtime, no worker protocol and no measurement between steps.
 */
import { createExperiment, type ExperimentSpec, type Tf } from "@/lib/labs/experiments";
import type { TransferInputs } from "@/lib/labs/transfer-learning/experiment";

export interface Timing {
  readonly steps: number;
  readonly ms: number;
  readonly backend: string;
  readonly messages: number;
  /** Runtime runs: the time spent inside the experiment's chunks (training and measuring), step 0 excluded. */
  readonly chunkMs?: number;
}

/** Times `spec`'s steps after its step-0 measurement, up to and including the final measurement. */
export async function timeBareRun(tf: Tf, spec: ExperimentSpec, transfer?: TransferInputs): Promise<Timing> {
  const experiment = createExperiment(tf, spec, { transfer });
  try {
    await experiment.advance(0);
    const start = performance.now();
    const last = await experiment.advance(experiment.totalSteps);
    return { steps: last.step, ms: performance.now() - start, backend: tf.getBackend(), messages: 1 };
  } finally {
    experiment.dispose();
  }
}
