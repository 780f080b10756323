"use client";

import dynamic from "next/dynamic";
import { useCallback, useState } from "react";

import { secondaryButtonClass } from "@/components/ui/field";
import type { LabConfig } from "@/lib/labs/configs";
import type { LabSummary } from "@/lib/labs/metrics";
import type { InteractiveLab } from "@/lib/labs/registry";
import { SERVED_MODELS_PATH } from "@/lib/labs/served-models";

import { BackToReview, type LabViewProps, NewRunButton, PredictionSection, RunResult } from "./lab-frame";
import { useLabSettings } from "./use-lab-settings";
import { usePredictedRun } from "./use-predicted-run";

// Each lab a learner drives by hand loads its own code only on its own page.
const loading = () => <p className="text-sm text-slate-600 dark:text-slate-300">Loading the lab…</p>;
const DarkroomLab = dynamic(() => import("./darkroom/darkroom-lab"), { ssr: false, loading });
const DiffusionLab = dynamic(() => import("./diffusion/diffusion-lab"), { ssr: false, loading });

/**
 * The page of a lab the learner drives by hand (the darkroom, the diffusion studio): predictions, then the lab's
 * own view, which reports one finished run; the outcome the server grades into card reviews.
 */
export function InteractiveLabView(props: LabViewProps & { readonly lab: InteractiveLab }) {
  const { lab, predictions, recordsRuns, preferredBackend, fromReview } = props;
  const settings = useLabSettings(lab, props.config, preferredBackend, fromReview);
  const predicted = usePredictedRun(lab, predictions, recordsRuns);
  const [done, setDone] = useState(false);
  // Bumped to ask the lab's view to run, when the learner starts from the page rather than from the view.
  const [runRequest, setRunRequest] = useState(0);
  const { parsed } = settings;
  const { begin, finish, hasPending, ready } = predicted;

  const onRunComplete = useCallback(
    (summary: LabSummary, stats: { backend: string; elapsedMs: number }) => {
      // A run started in the lab's own view counts the predictions answered at that moment.
      if (!hasPending() && parsed.ok) begin(parsed.config, ready);
      setDone(true);
      finish(summary, stats.backend, stats.elapsedMs, null);
    },
    [begin, finish, hasPending, parsed, ready],
  );

  const runWithoutPredicting = () => {
    if (!parsed.ok) return;
    begin(parsed.config, false);
    setRunRequest((n) => n + 1);
  };
  const startOver = () => {
    predicted.clear();
    setDone(false);
  };
  const onConfigChange = (config: Readonly<Record<string, unknown>>) => {
    if (done) startOver();
    settings.setConfig(config);
  };

  const viewProps = {
    onConfigChange,
    onRunComplete,
    canRun: !done && (!predicted.hasPredictions || ready),
    runLabel: predicted.hasPredictions ? "Start the run" : "Run",
    runRequest,
    preferredBackend,
    modelBaseUrl: SERVED_MODELS_PATH,
  };

  return (
    <div className="space-y-6">
      {fromReview && <BackToReview />}
      <PredictionSection predictions={predictions} run={predicted} recordsRuns={recordsRuns} locked={done} />
      {!done && predicted.hasPredictions && (
        <p className="flex flex-wrap items-center gap-3 text-sm text-slate-600 dark:text-slate-300">
          {!ready && <span>Answer every prediction to start a run that counts, or</span>}
          <button type="button" className={secondaryButtonClass} onClick={runWithoutPredicting} disabled={!parsed.ok}>
            Run without predicting
          </button>
        </p>
      )}
      {lab === "conv-darkroom" && <DarkroomLab config={settings.shownConfig as LabConfig<"conv-darkroom">} {...viewProps} />}
      {lab === "diffusion-studio" && (
        <DiffusionLab config={settings.shownConfig as LabConfig<"diffusion-studio">} {...viewProps} />
      )}
      {done && <RunResult predictions={predictions} run={predicted} fromReview={fromReview} />}
      {done && <NewRunButton onClick={startOver} />}
    </div>
  );
}
