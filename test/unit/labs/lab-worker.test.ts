import { afterAll, expect, test, vi } from "vitest";

import { parseRuntimeMessage, type RuntimeMessage } from "@/lib/labs/worker-protocol";

afterAll(() => {
  vi.unstubAllGlobals();
});

test("the worker shell answers the protocol with the shared runtime", async () => {
  // Stand in for a DedicatedWorkerGlobalScope: the worker listens on and posts to the global scope.
  const posted: RuntimeMessage[] = [];
  let onMessage: ((event: { data: unknown }) => void) | undefined;
  vi.stubGlobal("postMessage", (message: RuntimeMessage) => posted.push(message));
  vi.stubGlobal("addEventListener", (type: string, listener: (event: { data: unknown }) => void) => {
    if (type === "message") onMessage = listener;
  });
  await import("@/lib/labs/lab.worker");
  expect(onMessage).toBeDefined();

  const done = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (posted.some((m) => m.type === "done" || m.type === "error")) {
        clearInterval(check);
        resolve();
      }
    }, 5);
    setTimeout(() => {
      clearInterval(check);
      reject(new Error("the worker did not finish within 20 s"));
    }, 20_000);
  });
  onMessage?.({
    data: { type: "start", lab: "vanishing-gradients", config: { depth: 2, width: 4, steps: 20 }, backend: "cpu", stepsPerChunk: 10 },
  });
  await done;

  expect(posted[0]).toEqual({ type: "ready", backend: "cpu" });
  expect(posted.filter((m) => m.type === "metrics").map((m) => m.type === "metrics" && m.update.metrics.step)).toEqual([0, 10, 20]);
  expect(posted.at(-1)).toMatchObject({ type: "done", summary: { lab: "vanishing-gradients", steps: 20 } });
  for (const m of posted) expect(parseRuntimeMessage(m).ok).toBe(true);
});
