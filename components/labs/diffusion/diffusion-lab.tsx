"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { buttonClass, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { BackendName } from "@/lib/labs/backend";
import { DIFFUSION_SAMPLERS, DIFFUSION_SCHEDULES, type LabConfig, MAX_SEED } from "@/lib/labs/configs";
import { fetchDigitClassifier, fetchDigitSamples } from "@/lib/labs/conv-darkroom/assets";
import { digitProbabilities } from "@/lib/labs/conv-darkroom/classifier";
import { blankImage, type GreyImage } from "@/lib/labs/conv-darkroom/images";
import { fetchDenoiser } from "@/lib/labs/diffusion-studio/assets";
import { Denoiser } from "@/lib/labs/diffusion-studio/denoiser";
import { toPixelScale } from "@/lib/labs/diffusion-studio/forward";
import {
  type DigitClassify,
  evaluationsFor,
  noisedSource,
  type RecognitionCurve,
  recognitionCurve,
  samplePair,
  summarizeDiffusionRun,
} from "@/lib/labs/diffusion-studio/run";
import type { ScheduleKind } from "@/lib/labs/diffusion-studio/schedule";
import type { DiffusionSummary } from "@/lib/labs/metrics";
import { DigitsCnn } from "@/lib/labs/digits/digits-cnn";
import { type DigitSamples, sampleImage } from "@/lib/labs/digits/digit-samples";

import type { InteractiveRunStats } from "../darkroom/darkroom-lab";
import { DrawCanvas } from "../darkroom/draw-canvas";
import { useLabTf, yieldToPage } from "../darkroom/use-lab-tf";
import { ForwardPanel } from "./forward-panel";
import { type TrajectoryFrame, TrajectoryPanel } from "./trajectory-panel";

type DiffusionConfig = LabConfig<"diffusion-studio">;

export interface DiffusionLabProps {
  readonly config: DiffusionConfig;
  readonly onConfigChange: (config: DiffusionConfig) => void;
  /** Called when a run (recognition curves + sampling twice from the noised digit) has been measured. */
  readonly onRunComplete: (summary: DiffusionSummary, stats: InteractiveRunStats) => void;
  readonly canRun?: boolean;
  readonly runLabel?: string;
  /** Each change of this number starts a run, for hosts with their own Run button. */
  readonly runRequest?: number;
  readonly preferredBackend?: BackendName | null;
  readonly modelBaseUrl?: string;
}

const SAMPLER_LABELS: Record<(typeof DIFFUSION_SAMPLERS)[number], string> = {
  euler: "Euler (probability-flow ODE)",
  "ddim-eta0": "DDIM, η = 0",
  "ddim-eta1": "DDIM, η = 1",
};

const selectClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900";

interface Models {
  readonly samples: DigitSamples;
  readonly classify: DigitClassify;
  readonly denoiser: Denoiser;
}

interface RunView {
  readonly frames: TrajectoryFrame[];
  readonly final: Float32Array | null;
  readonly recognition: Record<ScheduleKind, RecognitionCurve> | null;
}

/**
 * The Diffusion Studio: a source digit (shipped or drawn), the closed-form forward process under both
 * schedules, and the reverse process with the shipped denoiser and three samplers, step by step. Work runs
 * on the page one network call at a time with a yield in between, so the page stays responsive.
 */
export function DiffusionLab(props: DiffusionLabProps) {
  const { config, onConfigChange, onRunComplete, canRun = true, runLabel = "Run", runRequest } = props;
  const tfState = useLabTf(props.preferredBackend ?? null);
  const tf = tfState.status === "ready" ? tfState.tf : null;

  const [models, setModels] = useState<Models | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (!tf) return;
    let cancelled = false;
    let held: { cnn: DigitsCnn; denoiser: Denoiser } | null = null;
    void (async () => {
      try {
        const [samples, cnnValues, denoiserValues] = await Promise.all([
          fetchDigitSamples(props.modelBaseUrl),
          fetchDigitClassifier(props.modelBaseUrl),
          fetchDenoiser(props.modelBaseUrl),
        ]);
        if (cancelled) return;
        const cnn = new DigitsCnn(tf, cnnValues);
        const denoiser = new Denoiser(tf, denoiserValues);
        held = { cnn, denoiser };
        setModels({ samples, denoiser, classify: (images, count) => digitProbabilities(tf, cnn, images, count) });
      } catch (error) {
        if (!cancelled) setLoadError(`The models could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    return () => {
      cancelled = true;
      held?.cnn.dispose();
      held?.denoiser.dispose();
    };
  }, [tf, props.modelBaseUrl]);

  // --- the source ---
  const [drawn, setDrawn] = useState<GreyImage | null>(null);
  const [useDrawing, setUseDrawing] = useState(false);
  const [sampleIndex, setSampleIndex] = useState(0);
  const source = useMemo<Float32Array>(() => {
    if (useDrawing) return (drawn ?? blankImage(28)).pixels;
    return models ? sampleImage(models.samples, config.digit, sampleIndex) : new Float32Array(784);
  }, [useDrawing, drawn, models, config.digit, sampleIndex]);

  // --- number fields, held as text while typed ---
  const [stepsText, setStepsText] = useState(String(config.steps));
  const [seedText, setSeedText] = useState(String(config.seed));
  const [seen, setSeen] = useState({ steps: config.steps, seed: config.seed });
  if (seen.steps !== config.steps || seen.seed !== config.seed) {
    setSeen({ steps: config.steps, seed: config.seed });
    setStepsText(String(config.steps));
    setSeedText(String(config.seed));
  }
  const stepsValue = Number(stepsText);
  const stepsError = Number.isInteger(stepsValue) && stepsValue >= 1 && stepsValue <= 1000 ? null : "Steps must be a whole number from 1 to 1000.";
  const seedValue = Number(seedText);
  const seedError = Number.isInteger(seedValue) && seedValue >= 0 && seedValue <= MAX_SEED ? null : `The seed must be a whole number from 0 to ${MAX_SEED}.`;
  const change = (patch: Partial<DiffusionConfig>) => onConfigChange({ ...config, ...patch });

  // --- runs ---
  const [run, setRun] = useState<RunView>({ frames: [], final: null, recognition: null });
  const [selected, setSelected] = useState(0);
  const [progress, setProgress] = useState<number | null>(null);
  const [status, setStatus] = useState("");
  const [runError, setRunError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const busy = progress !== null;

  const start = useCallback(async () => {
    if (!models || busy || stepsError || seedError) return;
    const controller = new AbortController();
    abort.current = controller;
    const runConfig = { ...config };
    const digit = useDrawing ? topDigit((await models.classify(source, 1))[0]) : runConfig.digit;
    const began = performance.now();
    setRunError(null);
    setProgress(0);
    setRun({ frames: [], final: null, recognition: null });
    try {
      setStatus("Adding noise step by step and asking the classifier…");
      const recognition = {} as Record<ScheduleKind, RecognitionCurve>;
      for (const [i, kind] of DIFFUSION_SCHEDULES.entries()) {
        recognition[kind] = await recognitionCurve(models.classify, source, digit, kind, runConfig.seed, {
          yieldToEvents: yieldToPage,
          signal: controller.signal,
        });
        setProgress(0.15 * (i + 1));
      }
      setRun({ frames: [], final: null, recognition });
      setStatus(`Sampling with ${SAMPLER_LABELS[runConfig.sampler]} from t = ${Math.max(1, runConfig.t)}…`);
      const startImage = noisedSource(source, runConfig.schedule, Math.max(1, runConfig.t), runConfig.seed).xt;
      const total = evaluationsFor(runConfig);
      const frames: TrajectoryFrame[] = [];
      let finalA: Float32Array = startImage;
      let finalB: Float32Array = startImage;
      let shown = performance.now();
      const eps = (x: Float32Array, alphaBar: number) => models.denoiser.predictArrays(x, [alphaBar, alphaBar]);
      for await (const pair of samplePair(eps, startImage, runConfig)) {
        controller.signal.throwIfAborted();
        frames.push({ t: pair.step.t, x: Float32Array.from(pair.first.x), x0: Float32Array.from(pair.first.x0) });
        finalA = Float32Array.from(pair.first.xNext);
        finalB = Float32Array.from(pair.secondNext);
        // Redraw about ten times a second, not after every step.
        if (performance.now() - shown > 100) {
          shown = performance.now();
          setRun({ frames: [...frames], final: null, recognition });
          setSelected(frames.length - 1);
          setProgress(0.3 + (0.7 * frames.length) / total);
        }
        await yieldToPage();
      }
      const [finalProbs] = await models.classify(toPixelScale(finalA), 1);
      const summary = summarizeDiffusionRun({
        config: { ...runConfig, digit },
        sample: useDrawing ? null : sampleIndex,
        curves: recognition,
        finalA,
        finalB,
        source,
        finalDigit: topDigit(finalProbs),
        finalProbability: finalProbs?.[topDigit(finalProbs)] ?? 0,
      });
      setRun({ frames, final: finalA, recognition });
      setSelected(frames.length - 1);
      setStatus(`Run finished: the sample reads as ${summary.finalDigit}.`);
      onRunComplete(summary, { backend: tfState.status === "ready" ? tfState.backend : "cpu", elapsedMs: performance.now() - began });
    } catch (error) {
      if (!controller.signal.aborted) setRunError(`The run stopped: ${error instanceof Error ? error.message : String(error)}`);
      setStatus(controller.signal.aborted ? "Stopped." : "");
    } finally {
      if (abort.current === controller) setProgress(null);
    }
  }, [models, busy, stepsError, seedError, config, useDrawing, source, sampleIndex, onRunComplete, tfState]);

  const lastRequest = useRef(runRequest);
  useEffect(() => {
    if (runRequest === undefined || runRequest === lastRequest.current || !models) return;
    lastRequest.current = runRequest;
    void start();
  }, [runRequest, models, start]);

  return (
    <div className="space-y-6">
      {tfState.status === "error" && <FormError message={tfState.error} />}
      {loadError && <FormError message={loadError} />}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]">
        <section aria-label="Source and settings" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <fieldset disabled={busy} className="space-y-2">
            <legend className="text-sm font-semibold">Source x₀</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4" checked={useDrawing} onChange={(e) => setUseDrawing(e.target.checked)} />
              Draw my own
            </label>
            {useDrawing ? (
              <DrawCanvas image={drawn ?? blankImage(28)} onChange={setDrawn} label="Your digit, 28 by 28 pixels" brush={1.2} />
            ) : (
              <div className="flex items-end gap-2">
                <label className="block flex-1 space-y-1 text-sm">
                  <span className="font-medium">Digit</span>
                  <select className={selectClass} value={config.digit} onChange={(e) => change({ digit: Number(e.target.value) })}>
                    {Array.from({ length: 10 }, (_, d) => (
                      <option key={d} value={d}>
                        {d}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  disabled={!models}
                  onClick={() => setSampleIndex((i) => (models ? (i + 1) % models.samples.perDigit : 0))}
                >
                  Another
                </button>
              </div>
            )}
          </fieldset>
          <fieldset disabled={busy} className="space-y-3">
            <legend className="text-sm font-semibold">Noise and sampling</legend>
            <label className="block space-y-1 text-sm">
              <span className="font-medium">Schedule</span>
              <select className={selectClass} value={config.schedule} onChange={(e) => change({ schedule: e.target.value as ScheduleKind })}>
                {DIFFUSION_SCHEDULES.map((s) => (
                  <option key={s} value={s}>
                    {s === "cosine" ? "Cosine" : "Linear"}
                  </option>
                ))}
              </select>
            </label>
            <label className="block space-y-1 text-sm">
              <span className="flex justify-between font-medium">
                <span>Step t</span>
                <output className="tabular-nums">{config.t}</output>
              </span>
              <input type="range" min={0} max={1000} step={10} value={config.t} onChange={(e) => change({ t: Number(e.target.value) })} className="w-full" />
            </label>
            <label className="block space-y-1 text-sm">
              <span className="font-medium">Sampler</span>
              <select className={selectClass} value={config.sampler} onChange={(e) => change({ sampler: e.target.value as DiffusionConfig["sampler"] })}>
                {DIFFUSION_SAMPLERS.map((s) => (
                  <option key={s} value={s}>
                    {SAMPLER_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            <NumberField
              label="Sampling steps"
              value={stepsText}
              error={stepsError}
              onChange={(text) => {
                setStepsText(text);
                const v = Number(text);
                if (Number.isInteger(v) && v >= 1 && v <= 1000) change({ steps: v });
              }}
            />
            <NumberField
              label="Seed"
              value={seedText}
              error={seedError}
              onChange={(text) => {
                setSeedText(text);
                const v = Number(text);
                if (Number.isInteger(v) && v >= 0 && v <= MAX_SEED) change({ seed: v });
              }}
            />
            <p className="text-xs text-slate-500 dark:text-slate-400">
              The run noises the source to step t (t = 1000 is pure noise) and samples back to 0 twice from that same
              start; the seed fixes the noise.
            </p>
          </fieldset>
        </section>
        <ForwardPanel source={source} t={config.t} seed={config.seed} schedule={config.schedule} recognition={run.recognition} />
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonClass} disabled={!models || busy || !canRun || Boolean(stepsError || seedError)} onClick={() => void start()}>
          {runLabel}
        </button>
        {busy && (
          <button type="button" className={secondaryButtonClass} onClick={() => abort.current?.abort()}>
            Stop
          </button>
        )}
        {progress !== null && <progress className="w-40" max={1} value={progress} aria-label="Run progress" />}
        <span role="status" aria-live="polite" className="text-sm text-slate-600 dark:text-slate-300">
          {!models && !loadError && tfState.status !== "error" ? "Loading TensorFlow.js and the models…" : status}
        </span>
      </div>
      {runError && <FormError message={runError} />}

      <TrajectoryPanel frames={run.frames} final={run.final} source={source} selected={selected} onSelect={setSelected} />
    </div>
  );
}

function NumberField({ label, value, error, onChange }: { label: string; value: string; error: string | null; onChange: (text: string) => void }) {
  return (
    <label className="block space-y-1 text-sm">
      <span className="font-medium">{label}</span>
      <input
        inputMode="numeric"
        value={value}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm aria-invalid:border-red-500 dark:border-slate-700 dark:bg-slate-900"
      />
      {error && (
        <span role="alert" className="block text-xs text-red-600 dark:text-red-400">
          {error}
        </span>
      )}
    </label>
  );
}

function topDigit(probs: Float32Array | undefined): number {
  if (!probs) return 0;
  let best = 0;
  probs.forEach((p, i) => {
    if (p > (probs[best] as number)) best = i;
  });
  return best;
}

export default DiffusionLab;
