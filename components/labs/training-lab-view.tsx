"use client";

import { useCallback } from "react";

import type { LabConfig } from "@/lib/labs/configs";
import type { LabSummary } from "@/lib/labs/metrics";
import { labs, type TrainingLab } from "@/lib/labs/registry";

import { BackToReview, type LabViewProps, NewRunButton, PredictionSection, RunResult } from "./lab-frame";
import { LabControls } from "./lab-controls";
import { L1VsL2Panel } from "./panels/l1-vs-l2-panel";
import { ResidualPanel, VanishingPanel } from "./panels/gradient-panels";
import { TransferPanel } from "./panels/transfer-panel";
import { RunBar } from "./run-bar";
import { type LabRunView, type RunStats, useLabRun } from "./use-lab-run";
import { useLabSettings } from "./use-lab-settings";
import { usePredictedRun } from "./use-predicted-run";

/**
 * The page of a lab that trains a network: settings bound to the URL, predictions, the run in the lab worker
 * (start, pause, resume), its live charts, and the outcome the server grades into card reviews.
 */
export function TrainingLabView(props: LabViewProps & { readonly lab: TrainingLab }) {
  const { lab, predictions, recordsRuns, preferredBackend, fromReview } = props;
  const settings = useLabSettings(lab, props.config, preferredBackend, fromReview);
  const predicted = usePredictedRun(lab, predictions, recordsRuns);
  const { finish } = predicted;

  const onDone = useCallback(
    (summary: LabSummary, stats: RunStats) =>
      finish(summary, stats.backend, stats.elapsedMs, stats.elapsedMs > 0 ? (summary.steps * 1000) / stats.elapsedMs : null),
    [finish],
  );
  const run = useLabRun(lab, preferredBackend, onDone);
  const { phase } = run.view;
  const busy = phase === "starting" || phase === "running" || phase === "paused";
  const finished = phase === "done" || phase === "error";

  const begin = (withPredictions: boolean) => {
    if (!settings.parsed.ok) return;
    predicted.begin(settings.parsed.config, withPredictions);
    run.start(settings.parsed.config as Record<string, unknown>);
  };
  const startOver = () => {
    predicted.clear();
    run.reset();
  };

  return (
    <div className="space-y-6">
      {fromReview && <BackToReview />}
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <LabControls
            controls={labs[lab].controls}
            values={settings.values}
            onChange={(field, value) => {
              if (finished) startOver();
              settings.setValue(field, value);
            }}
            disabled={busy}
            error={settings.parsed.ok ? null : settings.parsed.error}
          />
        </section>
        <PredictionSection predictions={predictions} run={predicted} recordsRuns={recordsRuns} locked={phase !== "idle"} />
      </div>
      <RunBar
        view={run.view}
        canStart={settings.parsed.ok}
        predictionsReady={predicted.ready}
        hasPredictions={predicted.hasPredictions}
        onStart={() => begin(true)}
        onStartWithoutPredicting={() => begin(false)}
        onPause={run.pause}
        onResume={run.resume}
        onReset={startOver}
      />
      {phase === "done" && <RunResult predictions={predictions} run={predicted} fromReview={fromReview} />}
      <TrainingPanel lab={lab} view={run.view} config={settings.shownConfig} />
      {phase === "idle" && run.view.history.points.length === 0 && (
        <p className="text-sm text-slate-500 dark:text-slate-400">The charts fill in as the network trains.</p>
      )}
      {finished && <NewRunButton onClick={startOver} />}
    </div>
  );
}

function TrainingPanel({ lab, view, config }: { lab: TrainingLab; view: LabRunView; config: LabConfig }) {
  switch (lab) {
    case "vanishing-gradients":
      return <VanishingPanel history={view.history} config={config as LabConfig<"vanishing-gradients">} />;
    case "residual-shortcuts":
      return <ResidualPanel history={view.history} config={config as LabConfig<"residual-shortcuts">} />;
    case "l1-vs-l2":
      return <L1VsL2Panel history={view.history} config={config as LabConfig<"l1-vs-l2">} />;
    case "transfer-learning":
      return <TransferPanel history={view.history} config={config as LabConfig<"transfer-learning">} />;
  }
}
