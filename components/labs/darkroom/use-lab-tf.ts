"use client";

import { useEffect, useState } from "react";

import type { BackendName } from "@/lib/labs/backend";
import type { Tf } from "@/lib/labs/experiments";

export type TfState =
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly tf: Tf; readonly backend: string }
  | { readonly status: "error"; readonly error: string };

/**
 * Loads TensorFlow.js on the page (a dynamic import: only lab pages download it) and picks the backend:
 * the `?backend=` choice if it works, otherwise the fastest that initialises. The interactive labs run
 * small networks one image batch at a time between animation frames, so they need no worker.
 */
export function useLabTf(preferred: BackendName | null): TfState {
  const [state, setState] = useState<TfState>({ status: "loading" });
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const [tf, { chooseBackend }] = await Promise.all([import("@tensorflow/tfjs"), import("@/lib/labs/backend")]);
        const backend = await chooseBackend(tf, { preferred });
        if (!cancelled) setState({ status: "ready", tf, backend });
      } catch (error) {
        if (!cancelled) {
          setState({ status: "error", error: `TensorFlow.js could not start: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [preferred]);
  return state;
}

/**
 * Gives the browser a turn (input, painting) between chunks of work. A message on a channel comes back
 * sooner than a zero-delay timer, which browsers stretch to 4 ms once timers nest.
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === "undefined") {
      setTimeout(resolve, 0);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
