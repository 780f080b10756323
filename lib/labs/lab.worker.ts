/**
 * The lab Web Worker (a module worker): trains in the background so the page only draws. A thin shell:
 * messages go to the shared runtime, and what it posts goes back to the page.
 */
import { chooseBackend } from "./backend";
import { createLabRuntime } from "./runtime";
import { fetchTransferInputs } from "./served-models";
import type { RuntimeMessage } from "./worker-protocol";

// tsconfig includes both the DOM and the WebWorker libraries, where `self` is typed as a Window.
const scope = globalThis as unknown as DedicatedWorkerGlobalScope;

// Bundled into a page by mistake, this would train on the main thread and never answer: fail loudly instead.
if (typeof (globalThis as { document?: unknown }).document !== "undefined") {
  throw new Error("lab.worker.ts runs only as a Web Worker; pages use connectLab() from worker-client.ts");
}

// Between chunks the runtime yields so that pause and reset messages get in. A zero-delay timer is clamped to
// 4 ms once timers nest, which adds up over a run; a message to ourselves is a task with no such floor.
const wakeups = new MessageChannel();
const sleepers: (() => void)[] = [];
wakeups.port1.onmessage = () => sleepers.shift()?.();
const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    sleepers.push(resolve);
    wakeups.port2.postMessage(null);
  });

const runtime = createLabRuntime({
  loadTf: () => import("@tensorflow/tfjs"),
  selectBackend: (tf, preferred) => chooseBackend(tf, { preferred }),
  post: (message: RuntimeMessage) => scope.postMessage(message),
  clock: () => performance.now(),
  yieldToEvents,
  loadTransferInputs: () => fetchTransferInputs(),
});

scope.addEventListener("message", (event: MessageEvent<unknown>) => {
  void runtime.handle(event.data);
});
