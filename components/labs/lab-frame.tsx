"use client";

import Link from "next/link";

import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import type { BackendName } from "@/lib/labs/backend";
import type { LabKey } from "@/lib/labs/lab-keys";
import type { LabPredictionDto } from "@/lib/labs/run-report";

import { PredictionForm } from "./prediction-form";
import { RunOutcome } from "./run-outcome";
import type { PredictedRun } from "./use-predicted-run";

// What every lab page shares around its own run: the way back to a review, the predictions, and the outcome.

export interface LabViewProps {
  readonly lab: LabKey;
  /** The full configuration from the URL (validated on the server). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly predictions: readonly LabPredictionDto[];
  /** Students' runs are recorded and move cards; others are graded on the page only. */
  readonly recordsRuns: boolean;
  readonly preferredBackend: BackendName | null;
  /** Opened from a review session: offer the way back. */
  readonly fromReview: boolean;
}

export function BackToReview() {
  return (
    <p className="text-sm">
      <Link href="/today" className="font-medium text-brand-600 underline dark:text-brand-100">
        ← Back to your review
      </Link>
    </p>
  );
}

export function PredictionSection({
  predictions,
  run,
  recordsRuns,
  locked,
}: {
  predictions: readonly LabPredictionDto[];
  run: PredictedRun;
  recordsRuns: boolean;
  locked: boolean;
}) {
  return (
    <section
      aria-labelledby="lab-predict-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="lab-predict-heading" className="text-base font-semibold">
        Predict, then run
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        {!run.hasPredictions
          ? "This lab asks no predictions yet; run it and watch."
          : recordsRuns
            ? "Answer every prediction before the run. A confirmed prediction marks its cards Good, a refuted one Again; a result too close to call moves none."
            : "Answer every prediction before the run; the page grades them when it finishes."}
      </p>
      <PredictionForm predictions={predictions} answers={run.answers} onAnswer={run.answer} locked={locked} />
    </section>
  );
}

/** A finished run: the server's grading (or the page's) and the way back to a review. */
export function RunResult({
  predictions,
  run,
  fromReview,
}: {
  predictions: readonly LabPredictionDto[];
  run: PredictedRun;
  fromReview: boolean;
}) {
  const status = run.record.status;
  return (
    <>
      {status && (
        <RunOutcome
          status={status}
          predictions={predictions}
          predicted={run.predicted}
          headingRef={run.record.headingRef}
          onRetry={run.record.retry}
        />
      )}
      {fromReview && status?.kind === "saved" && (
        <p>
          <Link href="/today" className={secondaryButtonClass}>
            Back to your review
          </Link>
        </p>
      )}
    </>
  );
}

export function NewRunButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className={buttonClass} onClick={onClick}>
      New run
    </button>
  );
}
