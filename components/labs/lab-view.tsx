"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";

import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import type { BackendName } from "@/lib/labs/backend";
import { type LabConfig, parseLabConfig, toSearchParams } from "@/lib/labs/configs";
import type { LabSummary } from "@/lib/labs/metrics";
import type { LabKey } from "@/lib/labs/lab-keys";
import { isTrainingLab, labs, type TrainingLab } from "@/lib/labs/registry";
import type { LabPredictionDto, PredictionAnswer } from "@/lib/labs/run-report";
import { SERVED_MODELS_PATH } from "@/lib/labs/served-models";

import { LabControls } from "./lab-controls";
import { L1VsL2Panel } from "./panels/l1-vs-l2-panel";
import { ResidualPanel, VanishingPanel } from "./panels/gradient-panels";
import { TransferPanel } from "./panels/transfer-panel";
import { allAnswered, type Answers, PredictionForm } from "./prediction-form";
import { RunBar } from "./run-bar";
import { RunOutcome } from "./run-outcome";
import { type LabRunView, type RunStats, useLabRun } from "./use-lab-run";
import { type FinishedRun, newRunId, useRunRecord } from "./use-run-record";

// The two labs a learner drives by hand load their own code only on their own pages.
const loading = () => <p className="text-sm text-slate-600 dark:text-slate-300">Loading the lab…</p>;
const DarkroomLab = dynamic(() => import("./darkroom/darkroom-lab"), { ssr: false, loading });
const DiffusionLab = dynamic(() => import("./diffusion/diffusion-lab"), { ssr: false, loading });

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

/** How long the URL waits for the learner to stop changing a setting before it follows. */
const URL_DEBOUNCE_MS = 300;

function textValues(config: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)]));
}

/** Reads the form's text values the way the URL is read: numbers and flags typed, the rest as text. */
function decodeValues(values: Readonly<Record<string, string>>, defaults: Readonly<Record<string, unknown>>) {
  const out: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(values)) {
    const kind = typeof defaults[key];
    if (kind === "number" && text.trim() !== "" && Number.isFinite(Number(text))) out[key] = Number(text);
    else if (kind === "boolean" && (text === "true" || text === "false")) out[key] = text === "true";
    else out[key] = text;
  }
  return out;
}

interface PendingRun {
  readonly clientRunId: string;
  readonly config: LabConfig<LabKey>;
  readonly predictions: Answers;
}

/**
 * A lab page's interactive part: settings bound to the URL, predictions, the run (in the lab worker, or the
 * lab's own view for the labs a learner drives by hand), live charts, and the outcome that the server grades
 * and turns into card reviews.
 */
export function LabView(props: LabViewProps) {
  const { lab, predictions, recordsRuns, preferredBackend, fromReview } = props;
  const router = useRouter();
  const pathname = usePathname();
  const training = isTrainingLab(lab);

  // --- settings, in the URL ---
  const [values, setValues] = useState(() => textValues(props.config));
  const parsed = parseLabConfig(lab, decodeValues(values, props.config));
  const localQuery = parsed.ok ? toSearchParams(lab, parsed.config).toString() : null;
  const propsQuery = toSearchParams(lab, props.config as LabConfig<LabKey>).toString();
  // A navigation to another preset (a link, the back button) replaces the form's values.
  const [seenPropsQuery, setSeenPropsQuery] = useState(propsQuery);
  if (propsQuery !== seenPropsQuery) {
    setSeenPropsQuery(propsQuery);
    if (propsQuery !== localQuery) setValues(textValues(props.config));
  }

  useEffect(() => {
    if (localQuery === null || localQuery === propsQuery) return;
    const timer = setTimeout(() => {
      const params = new URLSearchParams(localQuery);
      if (preferredBackend) params.set("backend", preferredBackend);
      if (fromReview) params.set("from", "review");
      const query = params.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    }, URL_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [localQuery, propsQuery, preferredBackend, fromReview, pathname, router]);

  // --- predictions and the record of a finished run ---
  const [answers, setAnswers] = useState<Answers>({});
  const [predicted, setPredicted] = useState(false);
  const pendingRun = useRef<PendingRun | null>(null);
  const record = useRunRecord(lab, predictions, recordsRuns);
  const shownConfig = parsed.ok ? parsed.config : (props.config as LabConfig<LabKey>);

  const finish = useCallback(
    (summary: LabSummary, backend: string | null, elapsedMs: number, stepsPerSecond: number | null) => {
      const run = pendingRun.current;
      if (!run) return;
      pendingRun.current = null;
      const finished: FinishedRun = { ...run, summary, backend, elapsedMs, stepsPerSecond };
      record.record(finished);
    },
    [record],
  );

  const onTrainingDone = useCallback(
    (summary: LabSummary, stats: RunStats) =>
      finish(summary, stats.backend, stats.elapsedMs, stats.elapsedMs > 0 ? (summary.steps * 1000) / stats.elapsedMs : null),
    [finish],
  );
  const run = useLabRun(lab, preferredBackend, onTrainingDone);

  // The labs a learner drives by hand report only a finished run; a run they start themselves counts the
  // predictions answered at that moment.
  const [interactiveDone, setInteractiveDone] = useState(false);
  const [runRequest, setRunRequest] = useState(0);
  const onInteractiveDone = useCallback(
    (summary: LabSummary, stats: { backend: string; elapsedMs: number }) => {
      if (!pendingRun.current && parsed.ok) {
        pendingRun.current = { clientRunId: newRunId(), config: parsed.config, predictions: answers };
        setPredicted(predictions.length > 0 && allAnswered(predictions, answers));
      }
      setInteractiveDone(true);
      finish(summary, stats.backend, stats.elapsedMs, null);
    },
    [answers, finish, parsed, predictions],
  );

  const phase: LabRunView["phase"] = training ? run.view.phase : interactiveDone ? "done" : "idle";
  const busy = phase === "starting" || phase === "running" || phase === "paused";
  const finished = phase === "done" || phase === "error";

  const begin = (withPredictions: boolean) => {
    if (!parsed.ok) return;
    pendingRun.current = { clientRunId: newRunId(), config: parsed.config, predictions: withPredictions ? answers : {} };
    setPredicted(withPredictions && predictions.length > 0);
    record.clear();
    if (training) run.start(parsed.config as Record<string, unknown>);
    else setRunRequest((n) => n + 1);
  };

  const startOver = () => {
    pendingRun.current = null;
    record.clear();
    setPredicted(false);
    setInteractiveDone(false);
    if (training) run.reset();
  };

  const changeSetting = (field: string, value: string) => {
    if (finished) startOver();
    setValues((v) => ({ ...v, [field]: value }));
  };
  const changeConfig = (config: Readonly<Record<string, unknown>>) => {
    if (finished) startOver();
    setValues(textValues(config));
  };

  const answer = (key: string, value: PredictionAnswer) => setAnswers((a) => ({ ...a, [key]: value }));
  const ready = allAnswered(predictions, answers);
  const hasPredictions = predictions.length > 0;

  const predictionSection = (
    <section
      aria-labelledby="lab-predict-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="lab-predict-heading" className="text-base font-semibold">
        Predict, then run
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        {!hasPredictions
          ? "This lab asks no predictions yet; run it and watch."
          : recordsRuns
            ? "Answer every prediction before the run. A confirmed prediction marks its cards Good, a refuted one Again; a result too close to call moves none."
            : "Answer every prediction before the run; the page grades them when it finishes."}
      </p>
      <PredictionForm predictions={predictions} answers={answers} onAnswer={answer} locked={phase !== "idle"} />
    </section>
  );

  return (
    <div className="space-y-6">
      {fromReview && (
        <p className="text-sm">
          <Link href="/today" className="font-medium text-brand-600 underline dark:text-brand-100">
            ← Back to your review
          </Link>
        </p>
      )}

      {training ? (
        <>
          <div className="grid gap-6 lg:grid-cols-2">
            <section className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <LabControls
                controls={labs[lab as TrainingLab].controls}
                values={values}
                onChange={changeSetting}
                disabled={busy}
                error={parsed.ok ? null : parsed.error}
              />
            </section>
            {predictionSection}
          </div>
          <RunBar
            view={run.view}
            canStart={parsed.ok}
            predictionsReady={ready}
            hasPredictions={hasPredictions}
            onStart={() => begin(true)}
            onStartWithoutPredicting={() => begin(false)}
            onPause={run.pause}
            onResume={run.resume}
            onReset={startOver}
          />
        </>
      ) : (
        <>
          {predictionSection}
          {phase === "idle" && hasPredictions && (
            <p className="flex flex-wrap items-center gap-3 text-sm text-slate-600 dark:text-slate-300">
              {!ready && <span>Answer every prediction to start a run that counts, or</span>}
              <button type="button" className={secondaryButtonClass} onClick={() => begin(false)} disabled={!parsed.ok}>
                Run without predicting
              </button>
            </p>
          )}
          {lab === "conv-darkroom" && (
            <DarkroomLab
              config={shownConfig as LabConfig<"conv-darkroom">}
              onConfigChange={changeConfig}
              onRunComplete={onInteractiveDone}
              canRun={phase === "idle" && (!hasPredictions || ready)}
              runLabel={hasPredictions ? "Start the run" : "Run"}
              runRequest={runRequest}
              preferredBackend={preferredBackend}
              modelBaseUrl={SERVED_MODELS_PATH}
            />
          )}
          {lab === "diffusion-studio" && (
            <DiffusionLab
              config={shownConfig as LabConfig<"diffusion-studio">}
              onConfigChange={changeConfig}
              onRunComplete={onInteractiveDone}
              canRun={phase === "idle" && (!hasPredictions || ready)}
              runLabel={hasPredictions ? "Start the run" : "Run"}
              runRequest={runRequest}
              preferredBackend={preferredBackend}
              modelBaseUrl={SERVED_MODELS_PATH}
            />
          )}
        </>
      )}

      {phase === "done" && record.status && (
        <RunOutcome
          status={record.status}
          predictions={predictions}
          predicted={predicted}
          headingRef={record.headingRef}
          onRetry={record.retry}
        />
      )}
      {phase === "done" && fromReview && record.status?.kind === "saved" && (
        <p>
          <Link href="/today" className={secondaryButtonClass}>
            Back to your review
          </Link>
        </p>
      )}

      {training && <TrainingPanel lab={lab as TrainingLab} view={run.view} config={shownConfig} />}
      {training && phase === "idle" && run.view.history.points.length === 0 && (
        <p className="text-sm text-slate-500 dark:text-slate-400">The charts fill in as the network trains.</p>
      )}
      {finished && (
        <button type="button" className={buttonClass} onClick={startOver}>
          New run
        </button>
      )}
    </div>
  );
}

function TrainingPanel({ lab, view, config }: { lab: TrainingLab; view: LabRunView; config: LabConfig<LabKey> }) {
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

export default LabView;
