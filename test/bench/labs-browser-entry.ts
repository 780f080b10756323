/**
 * The browser half of the labs benchmark (bundled by `labs.bench.ts`): times a lab's default run through
 * the lab runtime in a module worker, and the same training steps as a bare loop on this page.
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

import { WASM_PATH } from "@/lib/labs/backend";
import { createExperiment, type ExperimentSpec } from "@/lib/labs/experiments";
import { fetchTransferInputs } from "@/lib/labs/served-models";
import { parseRuntimeMessage } from "@/lib/labs/worker-protocol";

export interface Timing {
  readonly steps: number;
  readonly ms: number;
  readonly backend: string;
  readonly messages: number;
  /** Runtime runs: the time spent inside the experiment's chunks (training and measuring), step 0 excluded. */
  readonly chunkMs?: number;
}

/** The experiment's own training steps in one chunk: no runtime, no worker, no metrics between steps. */
async function bare(spec: ExperimentSpec): Promise<Timing> {
  if (tf.getBackend() !== "wasm") {
    setWasmPaths(WASM_PATH);
    if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not start");
    await tf.ready();
  }
  const transfer = spec.lab === "transfer-learning" ? await fetchTransferInputs() : undefined;
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

// One worker for the whole benchmark, as a lab page keeps one for all its runs (its kernels stay warm).
let worker: Worker | null = null;

/**
 * The run through the lab worker, as a lab page drives it: from the step-0 measurement (TensorFlow.js
 * loaded, backend ready) to the summary, with every metrics message validated on this thread.
 */
function runtime(spec: ExperimentSpec, workerUrl: string): Promise<Timing> {
  worker ??= new Worker(workerUrl, { type: "module" });
  const current = worker;
  return new Promise((resolve, reject) => {
    let start = 0;
    let messages = 0;
    let backend = "";
    let steps = 0;
    let firstElapsed = 0;
    let elapsed = 0;
    const onMessage = (event: MessageEvent<unknown>) => {
      const parsed = parseRuntimeMessage(event.data);
      if (!parsed.ok) return reject(new Error(parsed.error));
      const message = parsed.message;
      if (message.type === "metrics") {
        messages++;
        backend = message.update.backend;
        steps = message.update.metrics.step;
        elapsed = message.update.elapsedMs;
        if (message.update.metrics.step === 0) {
          start = performance.now();
          firstElapsed = elapsed;
        }
      } else if (message.type === "done") {
        const ms = performance.now() - start;
        current.removeEventListener("message", onMessage);
        resolve({ steps, ms, backend, messages, chunkMs: elapsed - firstElapsed });
      } else if (message.type === "error") {
        current.removeEventListener("message", onMessage);
        reject(new Error(message.message));
      }
    };
    current.addEventListener("message", onMessage);
    current.addEventListener("error", (event) => reject(new Error(event.message)), { once: true });
    current.postMessage({ type: "start", lab: spec.lab, config: spec.config, backend: "wasm", stepsPerChunk: "auto" });
  });
}

let bareWorker: Worker | null = null;

/** `bare`, in a module worker of its own: the same kind of thread as the runtime's. */
function bareInWorker(spec: ExperimentSpec, workerUrl: string): Promise<Timing> {
  bareWorker ??= new Worker(workerUrl, { type: "module" });
  const current = bareWorker;
  return new Promise((resolve, reject) => {
    current.addEventListener(
      "message",
      (event: MessageEvent<{ ok: true; timing: Timing } | { ok: false; error: string }>) =>
        event.data.ok ? resolve(event.data.timing) : reject(new Error(event.data.error)),
      { once: true },
    );
    current.postMessage(spec);
  });
}

(globalThis as unknown as { labsBench: unknown }).labsBench = { bare, bareInWorker, runtime };
