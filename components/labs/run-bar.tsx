"use client";

import { buttonClass, secondaryButtonClass } from "@/components/ui/field";

import type { LabRunView } from "./use-lab-run";

const STATUS: Record<LabRunView["phase"], string> = {
  idle: "Ready to run.",
  starting: "Starting TensorFlow.js…",
  running: "Training.",
  paused: "Paused.",
  done: "Finished.",
  error: "The run stopped.",
};

/**
 * Start, pause, resume and reset; the progress bar; the backend in use and the training speed. The status
 * line is a polite live region that changes only with the run's phase, not with every step.
 */
export function RunBar({
  view,
  canStart,
  predictionsReady,
  hasPredictions,
  onStart,
  onStartWithoutPredicting,
  onPause,
  onResume,
  onReset,
}: {
  view: LabRunView;
  canStart: boolean;
  predictionsReady: boolean;
  hasPredictions: boolean;
  onStart: () => void;
  onStartWithoutPredicting: () => void;
  onPause: () => void;
  onResume: () => void;
  onReset: () => void;
}) {
  const { phase } = view;
  const fraction = view.totalSteps > 0 ? view.step / view.totalSteps : 0;
  return (
    <section
      aria-label="Run"
      className="sticky top-0 z-10 space-y-3 rounded-lg border border-slate-200 bg-white/95 p-4 backdrop-blur dark:border-slate-800 dark:bg-slate-900/95"
    >
      <div className="flex flex-wrap items-center gap-2">
        {phase === "idle" && (
          <>
            <button
              type="button"
              className={buttonClass}
              onClick={onStart}
              disabled={!canStart || (hasPredictions && !predictionsReady)}
              aria-describedby={hasPredictions && !predictionsReady ? "lab-start-hint" : undefined}
            >
              {hasPredictions ? "Start the run" : "Start"}
            </button>
            {hasPredictions && (
              <button type="button" className={secondaryButtonClass} onClick={onStartWithoutPredicting} disabled={!canStart}>
                Run without predicting
              </button>
            )}
            {hasPredictions && !predictionsReady && (
              <span id="lab-start-hint" className="text-sm text-slate-600 dark:text-slate-300">
                Answer every prediction to start a run that counts.
              </span>
            )}
          </>
        )}
        {(phase === "running" || phase === "starting") && (
          <button type="button" className={secondaryButtonClass} onClick={onPause} disabled={phase === "starting"}>
            Pause
          </button>
        )}
        {phase === "paused" && (
          <button type="button" className={buttonClass} onClick={onResume}>
            Resume
          </button>
        )}
        {phase !== "idle" && (
          <button type="button" className={secondaryButtonClass} onClick={onReset}>
            Reset
          </button>
        )}
        <p role="status" className="ml-auto text-sm font-medium">
          {STATUS[phase]}
        </p>
      </div>
      <div className="space-y-1">
        <label htmlFor="lab-progress" className="flex justify-between text-xs text-slate-600 dark:text-slate-300">
          <span>Progress</span>
          <span className="tabular-nums">
            {view.totalSteps > 0 ? `step ${view.step} of ${view.totalSteps}` : "not started"}
          </span>
        </label>
        <progress
          id="lab-progress"
          max={1}
          value={fraction}
          className="h-2 w-full overflow-hidden rounded bg-slate-200 accent-brand-600 dark:bg-slate-800"
        />
      </div>
      <p className="flex flex-wrap gap-x-4 text-xs text-slate-600 dark:text-slate-300">
        <span>
          Backend: <strong data-testid="lab-backend">{view.backend ?? "not started"}</strong>
        </span>
        <span>
          Speed: <strong data-testid="lab-speed" className="tabular-nums">{view.stepsPerSecond > 0 ? `${Math.round(view.stepsPerSecond)} steps/s` : "–"}</strong>
        </span>
      </p>
      {phase === "error" && view.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {view.error}
        </p>
      )}
    </section>
  );
}
