"use client";

import { useCallback, useRef, useState } from "react";

import type { LabConfig } from "@/lib/labs/configs";
import type { LabKey } from "@/lib/labs/lab-keys";
import type { LabSummary } from "@/lib/labs/metrics";
import type { LabPredictionDto, PredictionAnswer } from "@/lib/labs/run-report";

import { allAnswered, type Answers } from "./prediction-form";
import { newRunId, useRunRecord } from "./use-run-record";

interface PendingRun {
  readonly clientRunId: string;
  readonly config: LabConfig<LabKey>;
  readonly predictions: Answers;
}

/**
 * The learner's predictions and the run they count for: `begin` fixes the answers a run is graded on (none for a
 * run without predicting), `finish` sends the finished run to be recorded, `clear` forgets both.
 */
export function usePredictedRun(lab: LabKey, predictions: readonly LabPredictionDto[], recordsRuns: boolean) {
  const [answers, setAnswers] = useState<Answers>({});
  const [predicted, setPredicted] = useState(false);
  const pending = useRef<PendingRun | null>(null);
  const record = useRunRecord(lab, predictions, recordsRuns);
  const hasPredictions = predictions.length > 0;

  const begin = useCallback(
    (config: LabConfig<LabKey>, withPredictions: boolean) => {
      pending.current = { clientRunId: newRunId(), config, predictions: withPredictions ? answers : {} };
      setPredicted(withPredictions && hasPredictions);
      record.clear();
    },
    [answers, hasPredictions, record],
  );

  const finish = useCallback(
    (summary: LabSummary, backend: string | null, elapsedMs: number, stepsPerSecond: number | null) => {
      const run = pending.current;
      if (!run) return;
      pending.current = null;
      record.record({ ...run, summary, backend, elapsedMs, stepsPerSecond });
    },
    [record],
  );

  const clear = useCallback(() => {
    pending.current = null;
    record.clear();
    setPredicted(false);
  }, [record]);

  return {
    answers,
    answer: (key: string, value: PredictionAnswer) => setAnswers((a) => ({ ...a, [key]: value })),
    ready: allAnswered(predictions, answers),
    hasPredictions,
    predicted,
    /** True while a run has begun and not been sent. */
    hasPending: () => pending.current !== null,
    begin,
    finish,
    clear,
    record,
  };
}

export type PredictedRun = ReturnType<typeof usePredictedRun>;
