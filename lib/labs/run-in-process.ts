/**
 * The lab runtime on the calling thread: the main-thread fallback when a Web Worker cannot start, and the
 * way Node tests and benchmarks run experiments. Same code as the worker (`runtime.ts`), no worker around it.
 */
import { chooseBackend } from "./backend";
import { createExperiment, type ExperimentSpec, type Tf } from "./experiments";
import { type LabMetrics, type LabSummary, summarizeRun } from "./metrics";
import { createLabRuntime, type LabRuntime } from "./runtime";
import { fetchTransferInputs } from "./served-models";
import type { BackendName, PageMessage, RuntimeMessage } from "./worker-protocol";

/** A connection to a lab runtime, in a worker or in-process; see `worker-client.ts`. */
export interface LabConnection {
  send(message: PageMessage): void;
  /** Calls `listener` with every message from the runtime; returns the unsubscribe function. */
  subscribe(listener: (message: RuntimeMessage) => void): () => void;
  /** Stops the run and frees everything. */
  close(): void;
}

export interface InProcessOptions {
  /** Loads TensorFlow.js; by default a dynamic import, so the page's main bundle does not carry it. */
  readonly loadTf?: () => Promise<Tf>;
  readonly selectBackend?: (tf: Tf, preferred: BackendName | null) => Promise<string>;
  readonly clock?: () => number;
}

/**
 * Runs the lab runtime on this thread, behind the same interface as the worker. Training then shares the
 * thread with the page, in chunks with a yield to the event loop between them.
 */
export function connectInProcess(options: InProcessOptions = {}): LabConnection {
  const listeners = new Set<(message: RuntimeMessage) => void>();
  const runtime: LabRuntime = createLabRuntime({
    loadTf: options.loadTf ?? (() => import("@tensorflow/tfjs")),
    selectBackend: options.selectBackend ?? ((tf, preferred) => chooseBackend(tf, { preferred })),
    // Delivered on a later task, as a worker's messages are, so listeners never run inside `send`.
    post: (message) => {
      setTimeout(() => {
        for (const listener of listeners) listener(message);
      }, 0);
    },
    clock: options.clock ?? (() => performance.now()),
    loadTransferInputs: () => fetchTransferInputs(),
  });
  return {
    send(message) {
      void runtime.handle(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      runtime.dispose();
    },
  };
}

export interface RunToCompletionOptions {
  /** Steps per measurement (default 10). */
  readonly stepsPerChunk?: number;
  readonly boundaryEvery?: number;
}

/**
 * Runs an experiment from step 0 to its last step on `tf`'s current backend and returns every measurement
 * and the summary. The experiment is disposed before this returns, whatever happens.
 */
export async function runToCompletion(
  tf: Tf,
  spec: ExperimentSpec,
  options: RunToCompletionOptions = {},
): Promise<{ history: LabMetrics[]; summary: LabSummary }> {
  const experiment = createExperiment(tf, spec, { boundaryEvery: options.boundaryEvery });
  try {
    const history: LabMetrics[] = [await experiment.advance(0)];
    while (!experiment.done) history.push(await experiment.advance(options.stepsPerChunk ?? 10));
    const first = history[0] as LabMetrics;
    const last = history[history.length - 1] as LabMetrics;
    return { history, summary: summarizeRun(first, last) };
  } finally {
    experiment.dispose();
  }
}
