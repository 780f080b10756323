import type * as TF from "@tensorflow/tfjs";

/**
 * The TensorFlow.js namespace a lab runs on. Labs receive it as an argument, so the worker, the main-thread
 * fallback, the server's verification and Node tests (cpu or wasm backend) drive the same code. A leaf
 * module: a type only, importing nothing of the labs.
 */
export type Tf = typeof TF;
