import { beforeAll, describe, expect, test } from "vitest";

import { defaultLabConfig } from "@/lib/labs/configs";
import type { ExperimentSpec } from "@/lib/labs/experiments";
import { summarizeRun } from "@/lib/labs/metrics";
import { connectInProcess } from "@/lib/labs/run-in-process";
import { AUTO_CHUNK_MS, createLabRuntime, LabRunner, nextAutoChunk } from "@/lib/labs/runtime";
import { parseRuntimeMessage, type RuntimeMessage } from "@/lib/labs/worker-protocol";

import { testTf, type Tf } from "./tf-backend";

let tf: Tf;
beforeAll(async () => {
  tf = await testTf();
});

const tiny = { ...defaultLabConfig("vanishing-gradients"), depth: 2, width: 4, steps: 30 };
const spec: ExperimentSpec = { lab: "vanishing-gradients", config: tiny };

/** A clock that advances 5 ms per reading, so every chunk "takes" 5 ms. */
function fakeClock(): () => number {
  let now = 0;
  return () => (now += 5);
}

const instant = () => Promise.resolve();

function steps(messages: RuntimeMessage[]): number[] {
  return messages.flatMap((m) => (m.type === "metrics" ? [m.update.metrics.step] : []));
}

function states(messages: RuntimeMessage[]): string[] {
  return messages.flatMap((m) => (m.type === "state" ? [m.state] : []));
}

describe("LabRunner", () => {
  test("runs to the end in fixed chunks, measuring step 0 first, then reports the summary", async () => {
    const before = tf.memory().numTensors;
    const messages: RuntimeMessage[] = [];
    const runner = new LabRunner(tf, (m) => messages.push(m), { backend: "wasm", clock: fakeClock(), yieldToEvents: instant });
    runner.start(spec, 10);
    await runner.settled();
    expect(runner.state).toBe("done");
    expect(states(messages)).toEqual(["running", "done"]);
    expect(steps(messages)).toEqual([0, 10, 20, 30]);
    const updates = messages.flatMap((m) => (m.type === "metrics" ? [m.update] : []));
    expect(updates.map((u) => u.stepsPerSecond)).toEqual([0, 2000, 2000, 2000]);
    expect(updates.map((u) => u.elapsedMs)).toEqual([5, 10, 15, 20]);
    expect(updates.every((u) => u.backend === "wasm")).toBe(true);
    const done = messages.at(-1);
    const first = updates[0]?.metrics;
    const last = updates.at(-1)?.metrics;
    if (!first || !last) throw new Error("no metrics");
    expect(done).toEqual({ type: "done", summary: summarizeRun(first, last) });
    expect(tf.memory().numTensors).toBe(before);
  });

  test("pause stops after the chunk in flight and resume carries on from there", async () => {
    const messages: RuntimeMessage[] = [];
    const runner: LabRunner = new LabRunner(
      tf,
      (m) => {
        messages.push(m);
        if (m.type === "metrics" && m.update.metrics.step === 10) runner.pause();
      },
      { backend: "wasm", clock: fakeClock(), yieldToEvents: instant },
    );
    runner.start(spec, 10);
    await runner.settled();
    expect(runner.state).toBe("paused");
    expect(steps(messages)).toEqual([0, 10]);
    runner.resume();
    await runner.settled();
    expect(steps(messages)).toEqual([0, 10, 20, 30]);
    expect(states(messages)).toEqual(["running", "paused", "running", "done"]);
  });

  test("reset mid-run drops the run and frees its tensors; a new start begins at step 0", async () => {
    const before = tf.memory().numTensors;
    const messages: RuntimeMessage[] = [];
    const runner: LabRunner = new LabRunner(
      tf,
      (m) => {
        messages.push(m);
        if (m.type === "metrics" && m.update.metrics.step === 10) runner.reset();
      },
      { backend: "wasm", clock: fakeClock(), yieldToEvents: instant },
    );
    runner.start(spec, 10);
    await runner.settled();
    expect(runner.state).toBe("idle");
    expect(steps(messages)).toEqual([0, 10]);
    expect(tf.memory().numTensors).toBe(before);
    messages.length = 0;
    runner.start(spec, 15);
    await runner.settled();
    expect(steps(messages)).toEqual([0, 15, 30]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test("a reset from a listener on the last metrics message wins over the summary", async () => {
    const before = tf.memory().numTensors;
    const messages: RuntimeMessage[] = [];
    const runner: LabRunner = new LabRunner(
      tf,
      (m) => {
        messages.push(m);
        if (m.type === "metrics" && m.update.metrics.step === 30) runner.reset();
      },
      { backend: "wasm", clock: fakeClock(), yieldToEvents: instant },
    );
    runner.start(spec, 30);
    await runner.settled();
    expect(states(messages)).toEqual(["running", "idle"]);
    expect(messages.some((m) => m.type === "done")).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  test("starting again while a chunk is in flight replaces the run without leaking it", async () => {
    const before = tf.memory().numTensors;
    const messages: RuntimeMessage[] = [];
    const runner = new LabRunner(tf, (m) => messages.push(m), { backend: "wasm", clock: fakeClock(), yieldToEvents: instant });
    runner.start(spec, 10);
    runner.start({ lab: "vanishing-gradients", config: { ...tiny, steps: 20 } }, 20);
    await runner.settled();
    expect(steps(messages)).toEqual([0, 20]);
    expect(messages.at(-1)).toMatchObject({ type: "done", summary: { steps: 20 } });
    expect(tf.memory().numTensors).toBe(before);
  });

  test("auto chunks aim at AUTO_CHUNK_MS, grow at most 4x at a time (16 steps at first), and keep measuring to a seventeenth", () => {
    expect(nextAutoChunk(1, 1, 1)).toBe(16);
    expect(nextAutoChunk(16, 16, 16)).toBe(64);
    expect(nextAutoChunk(50, 50, 50)).toBe(AUTO_CHUNK_MS);
    expect(nextAutoChunk(10, 10, 200)).toBe(8);
    expect(nextAutoChunk(10, 10, 1e6)).toBe(1);
    expect(nextAutoChunk(7, 0, 5)).toBe(7);
    // 10 steps took 25 ms, 5 of them measuring: 2 ms a step, so 73 steps fill the other 145 ms.
    expect(nextAutoChunk(50, 10, 25, 5)).toBe(73);
    // A 60 ms measurement at 10 ms a step: train 960 ms (96 steps) rather than 90 ms, sixteen times the measurement.
    expect(nextAutoChunk(40, 5, 110, 60)).toBe(96);
    // ... but still grow at most 4x from a short chunk.
    expect(nextAutoChunk(20, 5, 110, 60)).toBe(80);
  });
});

/** Waits (up to 5 s, in 5 ms ticks) until `condition` holds; throws if it never does. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("condition not met within 5 s");
}

describe("lab runtime (the worker's code)", () => {
  function makeRuntime() {
    const messages: RuntimeMessage[] = [];
    const runtime = createLabRuntime({
      loadTf: () => Promise.resolve(tf),
      selectBackend: (t, preferred) => Promise.resolve(preferred ?? t.getBackend()),
      post: (m) => messages.push(m),
      clock: fakeClock(),
      yieldToEvents: instant,
    });
    return { runtime, messages };
  }

  test("bad messages and bad configs are answered with readable errors", async () => {
    const { runtime, messages } = makeRuntime();
    await runtime.handle({ type: "jump" });
    await runtime.handle({ type: "start", lab: "nope", config: {} });
    await runtime.handle({ type: "start", lab: "vanishing-gradients", config: { depth: 99 } });
    await runtime.handle({ type: "start", lab: "conv-darkroom", config: {} });
    expect(messages).toEqual([
      { type: "error", message: expect.stringContaining("invalid page message") },
      { type: "error", message: 'unknown lab "nope"' },
      { type: "error", message: "depth must be a whole number from 2 to 50" },
      { type: "error", message: 'unknown lab "conv-darkroom"' },
    ]);
  });

  test("a start posts ready, streams metrics, and every message passes the page's validator", async () => {
    const { runtime, messages } = makeRuntime();
    await runtime.handle({ type: "start", lab: "l1-vs-l2", config: { steps: 20 }, stepsPerChunk: 10 });
    // The pause arrives while the step-0 measurement is under way: the run stops right after it.
    await runtime.handle({ type: "pause" });
    await waitFor(() => states(messages).includes("paused") && steps(messages).length === 1);
    expect(messages[0]).toEqual({ type: "ready", backend: tf.getBackend() });
    await runtime.handle({ type: "resume" });
    await waitFor(() => messages.at(-1)?.type === "done");
    expect(states(messages)).toEqual(["running", "paused", "running", "done"]);
    expect(steps(messages)).toEqual([0, 10, 20]);
    for (const m of messages) expect(parseRuntimeMessage(m).ok, JSON.stringify(m).slice(0, 200)).toBe(true);
    runtime.dispose();
  });
});

describe("in-process connection (the main-thread fallback)", () => {
  test("delivers the same protocol asynchronously and frees everything on close", async () => {
    const before = tf.memory().numTensors;
    const connection = connectInProcess({
      loadTf: () => Promise.resolve(tf),
      selectBackend: (t) => Promise.resolve(t.getBackend()),
    });
    const received: RuntimeMessage[] = [];
    const done = new Promise<void>((resolve) => {
      connection.subscribe((m) => {
        received.push(m);
        if (m.type === "done") resolve();
      });
    });
    connection.send({ type: "start", lab: "residual-shortcuts", config: { depth: 3, width: 4, steps: 10 }, stepsPerChunk: 5 });
    expect(received).toEqual([]);
    await done;
    expect(received[0]).toEqual({ type: "ready", backend: tf.getBackend() });
    expect(steps(received)).toEqual([0, 5, 10]);
    connection.close();
    expect(tf.memory().numTensors).toBe(before);
  });
});
