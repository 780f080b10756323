/**
 * TensorFlow.js for the lab tests: the WASM backend (several times faster than `cpu` in Node), or the one
 * named by LABS_TEST_BACKEND (`cpu` or `wasm`).
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export type { Tf } from "@/lib/labs/experiments";

/** Initialises the test backend and returns the `tf` namespace. */
export async function testTf(): Promise<typeof tf> {
  const name = process.env.LABS_TEST_BACKEND ?? "wasm";
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`the ${name} backend did not initialise`);
  }
  await tf.ready();
  return tf;
}
