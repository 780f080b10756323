/**
 * The bare loop of the labs benchmark in a module worker of its own (bundled by `labs.bench.ts`): the same
 * training steps as `labs-browser-entry.ts`'s `bare`, on a thread like the one the lab runtime trains on.
 */
import type { ExperimentSpec } from "@/lib/labs/experiments";

import { browserBare } from "./labs-browser-bare";

const scope = globalThis as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener("message", (event: MessageEvent<ExperimentSpec>) => {
  browserBare(event.data).then(
    (timing) => scope.postMessage({ ok: true, timing }),
    (error: unknown) => scope.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
