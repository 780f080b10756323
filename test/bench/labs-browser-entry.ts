/**
 * The browser half of the labs benchmark (bundled by `labs.bench.ts`): times a lab's default run through
 * the lab runtime in a module worker, and the same training steps as a bare loop on this page.
 */
import type { ExperimentSpec } from "@/lib/labs/experiments";
import { parseRuntimeMessage } from "@/lib/labs/worker-protocol";

import type { Timing } from "./labs-bare";
import { browserBare } from "./labs-browser-bare";

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

/** The bare loop, in a module worker of its own: the same kind of thread as the runtime's. */
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

(globalThis as unknown as { labsBench: unknown }).labsBench = { bare: browserBare, bareInWorker, runtime };
