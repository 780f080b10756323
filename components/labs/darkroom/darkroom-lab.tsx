"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { buttonClass, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { BackendName } from "@/lib/labs/backend";
import type { LabConfig } from "@/lib/labs/configs";
import { fetchDigitClassifier, fetchDigitSamples } from "@/lib/labs/conv-darkroom/assets";
import { digitClassifier } from "@/lib/labs/conv-darkroom/classifier";
import { featureMaps } from "@/lib/labs/conv-darkroom/convolve";
import {
  blankImage,
  checkerboard,
  DARKROOM_SIZE,
  type DarkroomImageKind,
  digitImage,
  faceSilhouette,
  type GreyImage,
} from "@/lib/labs/conv-darkroom/images";
import { KERNEL_PRESETS, type Kernel, type KernelPreset } from "@/lib/labs/conv-darkroom/kernels";
import { type ClassifyFn, type OcclusionScan, occlusionScan, type PatchPosition } from "@/lib/labs/conv-darkroom/occlusion";
import { runDarkroom, stackLayers } from "@/lib/labs/conv-darkroom/run";
import type { DarkroomSummary } from "@/lib/labs/metrics";
import { DigitsCnn } from "@/lib/labs/digits/digits-cnn";
import { type DigitSamples, sampleImage } from "@/lib/labs/digits/digit-samples";

import { DrawCanvas } from "./draw-canvas";
import { FeatureMaps } from "./feature-maps";
import { KernelEditor } from "./kernel-editor";
import { OcclusionPanel } from "./occlusion-panel";
import { useLabTf, yieldToPage } from "./use-lab-tf";

type DarkroomConfig = LabConfig<"conv-darkroom">;

/** What a host page needs to know about a finished run. */
export interface InteractiveRunStats {
  readonly backend: string;
  readonly elapsedMs: number;
}

export interface DarkroomLabProps {
  /** The lab's full configuration (from the URL). */
  readonly config: DarkroomConfig;
  /** Called with a new configuration when the learner changes a setting the URL keeps. */
  readonly onConfigChange: (config: DarkroomConfig) => void;
  /** Called when a run (feature maps + occlusion scan) has been measured. */
  readonly onRunComplete: (summary: DarkroomSummary, stats: InteractiveRunStats) => void;
  /** False keeps the Run button disabled (for example until every prediction is answered). */
  readonly canRun?: boolean;
  readonly runLabel?: string;
  /** Each change of this number starts a run, for hosts with their own Run button. */
  readonly runRequest?: number;
  readonly preferredBackend?: BackendName | null;
  /** Where `content/models/` is served; see lib/labs/conv-darkroom/assets.ts. */
  readonly modelBaseUrl?: string;
}

const PICTURE_LABELS: Record<DarkroomImageKind | "drawing", string> = {
  digit: "A handwritten digit",
  face: "A face",
  checkerboard: "A checkerboard",
  drawing: "Your own drawing",
};

const selectClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900";

/**
 * The Conv Darkroom: a picture, a 3x3 kernel stacked up to four layers with every feature map shown as
 * you type, and an occlusion scan by a small digit classifier. Everything runs on the page with
 * TensorFlow.js; the scan classifies a few images per turn of the event loop so the page stays responsive.
 */
export function DarkroomLab(props: DarkroomLabProps) {
  const { config, onConfigChange, onRunComplete, canRun = true, runLabel = "Run", runRequest } = props;
  const tfState = useLabTf(props.preferredBackend ?? null);
  const tf = tfState.status === "ready" ? tfState.tf : null;

  const [samples, setSamples] = useState<DigitSamples | null>(null);
  const [classify, setClassify] = useState<ClassifyFn | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    if (!tf) return;
    let model: DigitsCnn | null = null;
    let cancelled = false;
    void (async () => {
      try {
        const [s, values] = await Promise.all([fetchDigitSamples(props.modelBaseUrl), fetchDigitClassifier(props.modelBaseUrl)]);
        if (cancelled) return;
        model = new DigitsCnn(tf, values);
        const fn = digitClassifier(tf, model);
        setSamples(s);
        setClassify(() => fn);
      } catch (error) {
        if (!cancelled) setLoadError(`The digits could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    return () => {
      cancelled = true;
      model?.dispose();
    };
  }, [tf, props.modelBaseUrl]);

  // --- the picture ---
  const [drawing, setDrawing] = useState<GreyImage | null>(null);
  const [useDrawing, setUseDrawing] = useState(false);
  const [digit, setDigit] = useState(3);
  const [sampleIndex, setSampleIndex] = useState(0);
  const pictureKind: DarkroomImageKind | "drawing" = useDrawing ? "drawing" : config.image;
  const image = useMemo<GreyImage>(() => {
    if (pictureKind === "drawing") return drawing ?? blankImage(DARKROOM_SIZE);
    if (pictureKind === "face") return faceSilhouette();
    if (pictureKind === "checkerboard") return checkerboard();
    return samples ? digitImage(sampleImage(samples, digit, sampleIndex)) : blankImage(DARKROOM_SIZE);
  }, [pictureKind, drawing, samples, digit, sampleIndex]);
  const trueDigit = pictureKind === "digit" ? digit : null;

  // --- the kernel stack ---
  const [kernel, setKernel] = useState<Kernel>(KERNEL_PRESETS[config.kernel]);
  const [seenPreset, setSeenPreset] = useState<KernelPreset>(config.kernel);
  if (seenPreset !== config.kernel) {
    setSeenPreset(config.kernel);
    setKernel(KERNEL_PRESETS[config.kernel]);
  }
  const layers = useMemo(() => stackLayers(kernel, config.layers, config.relu), [kernel, config.layers, config.relu]);
  const [maps, setMaps] = useState<GreyImage[] | null>(null);
  useEffect(() => {
    if (!tf) return;
    let current = true;
    void featureMaps(tf, image, layers).then((m) => {
      if (current) setMaps(m);
    });
    return () => {
      current = false;
    };
  }, [tf, image, layers]);

  // --- occlusion and runs ---
  const [patch, setPatch] = useState<PatchPosition>({ x: 26, y: 26 });
  const [scan, setScan] = useState<OcclusionScan | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  // A scan describes one picture; drop it when the picture changes.
  const [scannedImage, setScannedImage] = useState<GreyImage | null>(null);
  if (scan && scannedImage !== image) setScan(null);

  const busy = progress !== null;
  const ready = tf !== null && classify !== null;

  const startScan = useCallback(
    async (measure: boolean) => {
      if (!tf || !classify || busy) return;
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setRunError(null);
      setProgress(0);
      setStatus(measure ? "Running: measuring the kernels and scanning the picture…" : "Scanning the picture…");
      const started = performance.now();
      const options = { onProgress: setProgress, yieldToEvents: yieldToPage, signal: controller.signal };
      try {
        if (measure) {
          const run = await runDarkroom(tf, classify, { image, imageKind: pictureKind, kernel, layers: config.layers, relu: config.relu, trueDigit, sample: sampleIndex }, options);
          setScan(run.scan);
          setScannedImage(image);
          setStatus("Run finished.");
          onRunComplete(run.summary, { backend: tfState.status === "ready" ? tfState.backend : "cpu", elapsedMs: performance.now() - started });
        } else {
          const digitToTrack = trueDigit ?? topDigit((await classify([image]))[0]);
          const result = await occlusionScan(classify, image, digitToTrack, options);
          setScan(result);
          setScannedImage(image);
          setStatus("Scan finished.");
        }
      } catch (error) {
        if (!controller.signal.aborted) setRunError(`The run stopped: ${error instanceof Error ? error.message : String(error)}`);
        setStatus("");
      } finally {
        if (abort.current === controller) setProgress(null);
      }
    },
    [tf, classify, busy, image, pictureKind, kernel, config.layers, config.relu, trueDigit, sampleIndex, onRunComplete, tfState],
  );

  // A host's own Run button.
  const lastRequest = useRef(runRequest);
  useEffect(() => {
    if (runRequest === undefined || runRequest === lastRequest.current || !ready) return;
    lastRequest.current = runRequest;
    void startScan(true);
  }, [runRequest, ready, startScan]);

  const changeConfig = (patchConfig: Partial<DarkroomConfig>) => onConfigChange({ ...config, ...patchConfig });

  return (
    <div className="space-y-6">
      {tfState.status === "error" && <FormError message={tfState.error} />}
      {loadError && <FormError message={loadError} />}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]">
        <section aria-label="Picture and kernel" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <label className="block space-y-1 text-sm">
            <span className="font-medium">Picture</span>
            <select
              className={selectClass}
              value={pictureKind}
              disabled={busy}
              onChange={(e) => {
                const value = e.target.value as DarkroomImageKind | "drawing";
                setUseDrawing(value === "drawing");
                if (value !== "drawing") changeConfig({ image: value });
              }}
            >
              {(["digit", "face", "checkerboard", "drawing"] as const).map((kind) => (
                <option key={kind} value={kind}>
                  {PICTURE_LABELS[kind]}
                </option>
              ))}
            </select>
          </label>
          {pictureKind === "digit" && (
            <div className="flex items-end gap-2">
              <label className="block flex-1 space-y-1 text-sm">
                <span className="font-medium">Digit</span>
                <select className={selectClass} value={digit} disabled={busy} onChange={(e) => setDigit(Number(e.target.value))}>
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
                disabled={busy || !samples}
                onClick={() => setSampleIndex((i) => (samples ? (i + 1) % samples.perDigit : 0))}
              >
                Another {digit}
              </button>
            </div>
          )}
          {pictureKind === "drawing" && (
            <DrawCanvas image={drawing ?? blankImage(DARKROOM_SIZE)} onChange={setDrawing} label="Your drawing, 64 by 64 pixels" brush={3} />
          )}
          <KernelEditor
            preset={config.kernel}
            disabled={busy}
            onChange={(k, preset) => {
              setKernel(k);
              if (preset && preset !== config.kernel) {
                setSeenPreset(preset);
                changeConfig({ kernel: preset });
              }
            }}
          />
          <fieldset disabled={busy} className="space-y-2">
            <legend className="text-sm font-semibold">Stack</legend>
            <label className="block space-y-1 text-sm">
              <span className="font-medium">Layers</span>
              <select className={selectClass} value={config.layers} onChange={(e) => changeConfig({ layers: Number(e.target.value) })}>
                {[1, 2, 3, 4].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={config.relu} onChange={(e) => changeConfig({ relu: e.target.checked })} className="h-4 w-4" />
              ReLU after every layer
            </label>
          </fieldset>
        </section>
        <FeatureMaps image={image} maps={maps} relu={config.relu} />
      </div>

      <OcclusionPanel
        image={image}
        classify={classify}
        trueDigit={trueDigit}
        scan={scan}
        scanProgress={progress}
        position={patch}
        onMove={setPatch}
        busy={busy}
      />

      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonClass} disabled={!ready || busy || !canRun} onClick={() => void startScan(true)}>
          {runLabel}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={!ready || busy} onClick={() => void startScan(false)}>
          Scan only
        </button>
        {busy && (
          <button type="button" className={secondaryButtonClass} onClick={() => abort.current?.abort()}>
            Stop
          </button>
        )}
        <span role="status" aria-live="polite" className="text-sm text-slate-600 dark:text-slate-300">
          {!ready && !loadError && tfState.status !== "error" ? "Loading TensorFlow.js and the classifier…" : status}
        </span>
      </div>
      {runError && <FormError message={runError} />}
    </div>
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

export default DarkroomLab;
