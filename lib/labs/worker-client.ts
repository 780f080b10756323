/**
 * The page's side of the lab runtime: starts the module worker, validates what it posts, and falls back to
 * running in-process when the worker cannot start. TensorFlow.js is not imported here; the worker loads it,
 * and the fallback loads it on demand.
 */
import { connectInProcess, type LabConnection } from "./run-in-process";
import { parseRuntimeMessage, type PageMessage, type RuntimeMessage } from "./worker-protocol";

export type { LabConnection };

/** Starts the lab worker. The `new URL(..., import.meta.url)` form is what bundlers recognise as a worker entry. */
export function createLabWorker(): Worker {
  return new Worker(new URL("./lab.worker.ts", import.meta.url), { type: "module", name: "lab" });
}

/**
 * Connects to a lab runtime in a Web Worker, or in-process when workers are unavailable or the worker fails
 * before its first message (messages sent meanwhile are replayed to the fallback). Messages from the
 * worker that fail validation are reported to listeners as `error` messages.
 */
export function connectLab(): LabConnection {
  const listeners = new Set<(message: RuntimeMessage) => void>();
  const emit = (message: RuntimeMessage) => {
    for (const listener of listeners) listener(message);
  };
  const sent: PageMessage[] = [];
  let heard = false;
  let fallback: LabConnection | null = null;
  let worker: Worker | null = null;

  const startFallback = () => {
    worker?.terminate();
    worker = null;
    fallback = connectInProcess();
    fallback.subscribe(emit);
    for (const message of sent) fallback.send(message);
    sent.length = 0;
  };

  try {
    worker = typeof Worker === "undefined" ? null : createLabWorker();
  } catch {
    worker = null;
  }
  if (!worker) {
    startFallback();
  } else {
    worker.addEventListener("message", (event: MessageEvent<unknown>) => {
      heard = true;
      sent.length = 0;
      const parsed = parseRuntimeMessage(event.data);
      emit(parsed.ok ? parsed.message : { type: "error", message: parsed.error });
    });
    worker.addEventListener("error", (event) => {
      if (!heard) {
        event.preventDefault();
        startFallback();
      } else {
        emit({ type: "error", message: `the lab worker failed: ${event.message}` });
      }
    });
  }

  return {
    send(message) {
      if (fallback) return fallback.send(message);
      if (!heard) sent.push(message);
      worker?.postMessage(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      worker?.terminate();
      fallback?.close();
    },
  };
}
