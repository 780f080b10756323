"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef, useState } from "react";

import type { LabSummary } from "@/lib/labs/metrics";
import { gradePredictions } from "@/lib/labs/predictions";
import type { LabPredictionDto, LabRunRequest, LabRunResultDto, PredictionAnswer } from "@/lib/labs/run-report";
import { backendNameSchema } from "@/lib/labs/worker-protocol";

import type { Answers } from "./prediction-form";
import type { SaveStatus } from "./run-outcome";

/** A finished run, as the page hands it over to be recorded. */
export interface FinishedRun {
  readonly clientRunId: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly predictions: Answers;
  readonly summary: LabSummary;
  readonly backend: string | null;
  readonly elapsedMs: number;
  /** Training steps per second over the run; null for labs that do not train. */
  readonly stepsPerSecond: number | null;
}

/** How often, and how many times, the page asks about a run the server is still verifying. */
const POLL_MS = 1_000;
const MAX_POLLS = 300;

/** A new run id: a version 4 UUID (built by hand where `crypto.randomUUID` is missing, on plain http). */
export function newRunId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Sends finished runs to `POST /api/lab-runs` and keeps the answer (a resend after a failure reuses the run
 * id, so the server records it once). Runs of viewers whose runs are not recorded are graded on the page.
 */
export function useRunRecord(lab: string, predictions: readonly LabPredictionDto[], recordsRuns: boolean) {
  const router = useRouter();
  const [status, setStatus] = useState<SaveStatus | null>(null);
  const lastRequest = useRef<LabRunRequest | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The run whose verification the page is waiting for; a newer run or a reset stops the wait.
  const waiting = useRef<string | null>(null);

  const settle = useCallback(
    (next: SaveStatus) => {
      setStatus(next);
      headingRef.current?.focus();
      // The prediction list shows the graded cards' due dates: fetch them again.
      if (next.kind === "saved" && next.result.outcomes.length > 0) router.refresh();
    },
    [router],
  );

  /** Asks where a verifying run stands until the server has graded or refused it. */
  const follow = useCallback(
    async (runId: string) => {
      waiting.current = runId;
      for (let attempt = 0; attempt < MAX_POLLS && waiting.current === runId; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (waiting.current !== runId) return;
        try {
          const response = await fetch(`/api/lab-runs/${encodeURIComponent(runId)}`, { headers: { accept: "application/json" } });
          const body = (await response.json()) as { ok: true; data: LabRunResultDto } | { ok: false; error: string };
          if (!body.ok) return settle({ kind: "failed", error: body.error });
          if (body.data.status === "refused") return settle({ kind: "failed", error: body.data.error ?? "the server could not reproduce this run." });
          if (body.data.status === "graded") return settle({ kind: "saved", result: body.data });
        } catch {
          // A dropped connection: ask again at the next tick.
        }
      }
      if (waiting.current === runId) settle({ kind: "failed", error: "the server is still checking this run. Reload the page later to see its grades." });
    },
    [settle],
  );

  const send = useCallback(
    async (request: LabRunRequest) => {
      setStatus({ kind: "saving" });
      waiting.current = null;
      let next: SaveStatus;
      try {
        const response = await fetch("/api/lab-runs", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(request),
        });
        const body = (await response.json()) as { ok: true; data: LabRunResultDto } | { ok: false; error: string };
        if (body.ok && body.data.status === "verifying") {
          setStatus({ kind: "verifying" });
          void follow(body.data.runId);
          return;
        }
        next = body.ok ? { kind: "saved", result: body.data } : { kind: "failed", error: body.error };
      } catch {
        next = { kind: "failed", error: "the server could not be reached. Check your connection and try again." };
      }
      settle(next);
    },
    [follow, settle],
  );

  const record = useCallback(
    (run: FinishedRun) => {
      if (!recordsRuns) {
        const graded = gradePredictions(lab, run.summary, run.config, run.predictions);
        const outcomes = graded.ok
          ? graded.graded.map((g) => ({
              ...g,
              prompt: predictions.find((p) => p.key === g.key)?.prompt ?? g.key,
              answer: run.predictions[g.key] as PredictionAnswer,
            }))
          : [];
        setStatus({ kind: "local", outcomes });
        return;
      }
      const backend = backendNameSchema.safeParse(run.backend);
      const seed = run.config.seed;
      const request: LabRunRequest = {
        clientRunId: run.clientRunId,
        lab,
        config: { ...run.config },
        seed: typeof seed === "number" ? seed : 0,
        backend: backend.success ? backend.data : "cpu",
        predictions: { ...run.predictions },
        summary: run.summary,
        stepsPerSecond: run.stepsPerSecond,
        durationMs: Math.round(run.elapsedMs),
      };
      lastRequest.current = request;
      void send(request);
    },
    [lab, predictions, recordsRuns, send],
  );

  const retry = useCallback(() => {
    if (lastRequest.current) void send(lastRequest.current);
  }, [send]);
  const clear = useCallback(() => {
    waiting.current = null;
    setStatus(null);
  }, []);

  return { status, record, retry, clear, headingRef };
}
