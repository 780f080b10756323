/** The bare loop in a browser (page or worker): the WASM backend from the app's own files, then `timeBareRun`. */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

import { WASM_PATH } from "@/lib/labs/backend";
import type { ExperimentSpec } from "@/lib/labs/experiments";
import { fetchTransferInputs } from "@/lib/labs/served-models";

import { type Timing, timeBareRun } from "./labs-bare";

export async function browserBare(spec: ExperimentSpec): Promise<Timing> {
  if (tf.getBackend() !== "wasm") {
    setWasmPaths(WASM_PATH);
    if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not start");
    await tf.ready();
  }
  const transfer = spec.lab === "transfer-learning" ? await fetchTransferInputs() : undefined;
  return timeBareRun(tf, spec, transfer);
}
