"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import type { BackendName } from "@/lib/labs/backend";
import type { LabSummary } from "@/lib/labs/metrics";
import { connectLab, type LabConnection } from "@/lib/labs/worker-client";
import type { MetricsUpdate, RuntimeMessage } from "@/lib/labs/worker-protocol";

import { appendMetrics, EMPTY_HISTORY, type RunHistory } from "./run-history";

export type RunPhase = "idle" | "starting" | "running" | "paused" | "done" | "error";

/** Everything the page draws about the current run. */
export interface LabRunView {
  readonly phase: RunPhase;
  /** The backend in use, once TensorFlow.js has started. */
  readonly backend: string | null;
  /** Training speed, smoothed over the last few chunks. */
  readonly stepsPerSecond: number;
  readonly step: number;
  readonly totalSteps: number;
  /** Time spent training and measuring, in milliseconds. */
  readonly elapsedMs: number;
  readonly history: RunHistory;
  readonly summary: LabSummary | null;
  readonly error: string | null;
}

const INITIAL: LabRunView = {
  phase: "idle",
  backend: null,
  stepsPerSecond: 0,
  step: 0,
  totalSteps: 0,
  elapsedMs: 0,
  history: EMPTY_HISTORY,
  summary: null,
  error: null,
};

/** Weight of the newest chunk in the steps-per-second average. */
const SPEED_SMOOTHING = 0.3;

function applyUpdates(view: LabRunView, updates: readonly MetricsUpdate[]): LabRunView {
  let next = view;
  for (const update of updates) {
    const speed = update.stepsPerSecond;
    next = {
      ...next,
      history: appendMetrics(next.history, update.metrics),
      step: update.metrics.step,
      totalSteps: update.metrics.totalSteps,
      elapsedMs: update.elapsedMs,
      backend: update.backend,
      stepsPerSecond:
        speed <= 0 ? next.stepsPerSecond : next.stepsPerSecond === 0 ? speed : next.stepsPerSecond + SPEED_SMOOTHING * (speed - next.stepsPerSecond),
    };
  }
  return next;
}

/** How the run went, for the record the page sends when it finishes. */
export interface RunStats {
  readonly backend: string | null;
  readonly stepsPerSecond: number;
  readonly elapsedMs: number;
}

export interface LabRunControls {
  readonly view: LabRunView;
  /** Starts a run of `config` from step 0 (abandoning any current run). */
  start(config: Record<string, unknown>): void;
  pause(): void;
  resume(): void;
  /** Stops the run and clears its charts. */
  reset(): void;
}

/**
 * Drives one lab's runs through the lab worker. Measurements are applied at most once per animation frame,
 * so however fast chunks arrive the page renders and draws once per frame.
 */
export function useLabRun(
  lab: string,
  preferredBackend: BackendName | null,
  onDone: (summary: LabSummary, stats: RunStats) => void,
): LabRunControls {
  const [view, setView] = useState<LabRunView>(INITIAL);
  // The latest callback, read when a run finishes (not during render).
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  }, [onDone]);
  const stats = useRef<RunStats>({ backend: null, stepsPerSecond: 0, elapsedMs: 0 });
  const connection = useRef<LabConnection | null>(null);
  const pending = useRef<MetricsUpdate[]>([]);
  const frame = useRef<number | null>(null);
  // After a start, measurements of the abandoned run may still be in flight: wait for a step-0 one.
  const awaitingFirst = useRef(false);

  const flush = useCallback(() => {
    frame.current = null;
    const batch = pending.current;
    if (batch.length === 0) return;
    pending.current = [];
    setView((v) => applyUpdates(v, batch));
  }, []);

  const handle = useCallback(
    (message: RuntimeMessage) => {
      switch (message.type) {
        case "ready":
          stats.current = { ...stats.current, backend: message.backend };
          setView((v) => ({ ...v, backend: message.backend }));
          return;
        case "state":
          if (awaitingFirst.current && message.state !== "error") {
            // The reset of the previous run, or the new run's start: either way the new run is starting.
            if (message.state === "running") setView((v) => (v.phase === "starting" ? v : { ...v, phase: "starting" }));
            return;
          }
          if (message.state === "running" || message.state === "paused") {
            const phase = message.state;
            setView((v) => (v.phase === "done" ? v : { ...v, phase }));
          }
          return;
        case "metrics":
          if (awaitingFirst.current) {
            if (message.update.metrics.step !== 0) return;
            awaitingFirst.current = false;
            setView((v) => ({ ...v, phase: v.phase === "starting" ? "running" : v.phase }));
          }
          pending.current.push(message.update);
          stats.current = {
            backend: message.update.backend,
            elapsedMs: message.update.elapsedMs,
            stepsPerSecond:
              message.update.stepsPerSecond > 0 ? message.update.stepsPerSecond : stats.current.stepsPerSecond,
          };
          frame.current ??= requestAnimationFrame(flush);
          return;
        case "done":
          if (awaitingFirst.current) return;
          if (frame.current !== null) cancelAnimationFrame(frame.current);
          flush();
          setView((v) => ({ ...v, phase: "done", summary: message.summary }));
          onDoneRef.current(message.summary, stats.current);
          return;
        case "error":
          awaitingFirst.current = false;
          setView((v) => ({ ...v, phase: "error", error: message.message }));
          return;
      }
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      connection.current?.close();
      connection.current = null;
    },
    [],
  );

  const connect = useCallback((): LabConnection => {
    if (!connection.current) {
      connection.current = connectLab();
      connection.current.subscribe(handle);
    }
    return connection.current;
  }, [handle]);

  const clearPending = () => {
    pending.current = [];
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
  };

  const start = useCallback(
    (config: Record<string, unknown>) => {
      clearPending();
      awaitingFirst.current = true;
      stats.current = { ...stats.current, stepsPerSecond: 0, elapsedMs: 0 };
      setView((v) => ({ ...INITIAL, backend: v.backend, phase: "starting" }));
      connect().send({ type: "start", lab, config, backend: preferredBackend, stepsPerChunk: "auto" });
    },
    [connect, lab, preferredBackend],
  );

  const pause = useCallback(() => connection.current?.send({ type: "pause" }), []);
  const resume = useCallback(() => connection.current?.send({ type: "resume" }), []);
  const reset = useCallback(() => {
    clearPending();
    awaitingFirst.current = false;
    connection.current?.send({ type: "reset" });
    setView((v) => ({ ...INITIAL, backend: v.backend }));
  }, []);

  return { view, start, pause, resume, reset };
}
