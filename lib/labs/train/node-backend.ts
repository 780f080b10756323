/**
 * Picks a TensorFlow.js backend in Node for the training script and the tests: the WebAssembly backend
 * (loading its .wasm files from node_modules, no network), or the plain JavaScript `cpu` backend.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";

import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

import type { Tf } from "../tf";

export type NodeBackend = "wasm" | "cpu";

const require = createRequire(import.meta.url);

/**
 * Switches `tf` to `backend` and waits until it is ready. Throws when the backend cannot start. `wasmDir`: the
 * folder of the .wasm binaries, with a trailing slash (default: beside the package's `main`, found by Node's
 * resolution; code a bundler has compiled must pass it, since there `require.resolve` answers a module id).
 */
export async function startNodeBackend(tf: Tf, backend: NodeBackend = "wasm", wasmDir?: string): Promise<NodeBackend> {
  if (backend === "wasm") {
    // The package's `main` lives in dist/, beside the .wasm binaries; the trailing slash marks a folder.
    setWasmPaths(wasmDir ?? `${dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`);
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) throw new Error(`the ${backend} backend did not start`);
  return backend;
}

/** The former name of `startNodeBackend`, kept for existing imports. */
export const useNodeBackend = startNodeBackend;
