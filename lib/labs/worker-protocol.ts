/**
 * The messages between a lab page and the lab runtime (in a Web Worker, or in-process as the main-thread
 * fallback), as discriminated unions with zod schemas: both sides validate what they receive, since a
 * message crossing `postMessage` is untyped at run time. No TensorFlow.js here.
 */
import { z } from "zod";

import { labMetricsSchema, labSummarySchema } from "./metrics";

/** The TensorFlow.js backends a lab can run on, in the order they are tried. */
export const BACKEND_NAMES = ["webgpu", "webgl", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const backendNameSchema = z.enum(BACKEND_NAMES);

/** Steps per chunk (one metrics message per chunk): a fixed count, or "auto" to aim at `AUTO_CHUNK_MS`. */
export const stepsPerChunkSchema = z.union([z.int().min(1).max(1000), z.literal("auto")]);
export type StepsPerChunk = z.infer<typeof stepsPerChunkSchema>;

/** Page -> runtime. */
export const pageMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("start"),
    /** A lab with an experiment (see `EXPERIMENT_LABS`). */
    lab: z.string(),
    /** A full or partial configuration; the runtime validates it against the lab's schema. */
    config: z.record(z.string(), z.unknown()),
    /** The `?backend=` override, if any; otherwise the runtime picks the fastest that initialises. */
    backend: backendNameSchema.nullish(),
    stepsPerChunk: stepsPerChunkSchema.optional(),
  }),
  z.object({ type: z.literal("pause") }),
  z.object({ type: z.literal("resume") }),
  /** Stops and frees the run; the next `start` begins again from step 0. */
  z.object({ type: z.literal("reset") }),
]);
export type PageMessage = z.infer<typeof pageMessageSchema>;

export const RUN_STATES = ["idle", "running", "paused", "done", "error"] as const;
export type RunState = (typeof RUN_STATES)[number];

/** One chunk's measurement, with how fast the chunk trained and on what. */
export const metricsUpdateSchema = z.object({
  metrics: labMetricsSchema,
  /** Training steps per second over the last chunk (0 for the step-0 measurement). */
  stepsPerSecond: z.number().nonnegative(),
  /** Wall time spent training and measuring so far, in milliseconds. */
  elapsedMs: z.number().nonnegative(),
  backend: z.string(),
});
export type MetricsUpdate = z.infer<typeof metricsUpdateSchema>;

/** Runtime -> page. */
export const runtimeMessageSchema = z.discriminatedUnion("type", [
  /** The backend is initialised. */
  z.object({ type: z.literal("ready"), backend: z.string() }),
  z.object({ type: z.literal("state"), state: z.enum(RUN_STATES) }),
  z.object({ type: z.literal("metrics"), update: metricsUpdateSchema }),
  /** The run reached its last step; `summary` is what the page sends the server to grade predictions. */
  z.object({ type: z.literal("done"), summary: labSummarySchema }),
  /** A message a person can read: a bad config, a backend that failed, a run that threw. */
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type RuntimeMessage = z.infer<typeof runtimeMessageSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T>, data: unknown, side: string): ParseResult<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, message: result.data };
  const issues = result.error.issues.map((i) => `${i.path.join(".") || "message"}: ${i.message}`).join("; ");
  return { ok: false, error: `invalid ${side} message (${issues})` };
}

/** Validates a message the runtime received from the page. */
export function parsePageMessage(data: unknown): ParseResult<PageMessage> {
  return parseWith(pageMessageSchema, data, "page");
}

/** Validates a message the page received from the runtime. */
export function parseRuntimeMessage(data: unknown): ParseResult<RuntimeMessage> {
  return parseWith(runtimeMessageSchema, data, "runtime");
}
