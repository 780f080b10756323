import "server-only";

import { join, sep } from "node:path";

import type { Tf } from "./tf";

/**
 * The wasm backend's binaries. The package is external to the server bundle (next.config.mjs), so it runs from
 * node_modules of the app's folder, the folder the server starts in.
 */
const WASM_DIR = join(process.cwd(), "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist") + sep;

let ready: Promise<Tf> | null = null;

/**
 * TensorFlow.js on the server, for reproducing lab runs: the WebAssembly backend (the one that gives the same
 * numbers as a learner's wasm or cpu run), loaded once per process on first use.
 */
export function serverTf(): Promise<Tf> {
  ready ??= (async () => {
    const tf = await import("@tensorflow/tfjs");
    await import("@tensorflow/tfjs-backend-wasm");
    const { startNodeBackend } = await import("./train/node-backend");
    if (tf.getBackend() !== "wasm") await startNodeBackend(tf, "wasm", WASM_DIR);
    return tf;
  })().catch((error: unknown) => {
    ready = null;
    throw error;
  });
  return ready;
}
