/**
 * The bare loop of the labs benchmark in a module worker of its own (bundled by `labs.bench.ts`): the same
 * training steps as `labs-browser-entry.ts`'s `bare`, on a thread like the one the lab runtime trains on.
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

import { WASM_PATH } from "@/lib/labs/backend";
import { createExperiment, type ExperimentSpec } from "@/lib/labs/experiments";
import { fetchTransferInputs } from "@/lib/labs/served-models";

import type { Timing } from "./labs-browser-entry";

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;

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

scope.addEventListener("message", (event: MessageEvent<ExperimentSpec>) => {
  bare(event.data).then(
    (timing) => scope.postMessage({ ok: true, timing }),
    (error: unknown) => scope.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
