/**
 * Reproducing a finished run from what the server knows: the lab, its full settings (with the seed), and for a
 * picture lab which shipped picture it used. Runs are seeded, and the cpu and wasm backends give the same numbers
 * in the browser and in Node, so the server recomputes every measure a prediction is graded on and grades those,
 * never the numbers a page sent. The sweep test drives the same code over many seeds.
 */
import type { LabAssets } from "./assets";
import { digitClassifier } from "./conv-darkroom/classifier";
import { checkerboard, digitImage, faceSilhouette, type GreyImage } from "./conv-darkroom/images";
import { KERNEL_PRESETS } from "./conv-darkroom/kernels";
import { runDarkroom } from "./conv-darkroom/run";
import type { DarkroomSummary } from "./conv-darkroom/summary";
import { Denoiser } from "./diffusion-studio/denoiser";
import { noisedSource, recognitionCurve, samplePair, summarizeDiffusionRun, type RecognitionCurve } from "./diffusion-studio/run";
import type { ScheduleKind } from "./diffusion-studio/schedule";
import type { DiffusionSummary } from "./diffusion-studio/summary";
import { toPixelScale } from "./diffusion-studio/forward";
import { DIFFUSION_SCHEDULES } from "./diffusion-studio/config";
import { digitProbabilities } from "./conv-darkroom/classifier";
import { sampleImage } from "./digits/digit-samples";
import { DigitsCnn } from "./digits/digits-cnn";
import { createExperiment, type ExperimentSpec } from "./experiments";
import type { LabKey } from "./lab-keys";
import { summarizeRun } from "./metrics";
import { isTrainingLab, type LabConfig, type LabMetrics, type LabSummary } from "./registry";
import type { Tf } from "./tf";

/**
 * What the server needs to rebuild a run besides its settings: the shipped picture of a picture lab, read from
 * the summary the page sent (null for a drawing, a typed kernel, or a lab with no picture).
 */
export type Reproduction = { readonly ok: true; readonly summary: LabSummary } | { readonly ok: false; readonly reason: string };

function argMax(values: Float32Array | undefined): number {
  if (!values) return 0;
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] as number)) best = i;
  });
  return best;
}

/** A training lab's run, trained to the end: its summary from its first and last measurements. */
async function reproduceTraining(tf: Tf, spec: ExperimentSpec, assets: LabAssets): Promise<LabSummary> {
  const transfer = spec.lab === "transfer-learning" ? await assets.transferInputs() : undefined;
  const experiment = createExperiment(tf, spec, { transfer, boundaryEvery: Number.MAX_SAFE_INTEGER });
  try {
    const first = (await experiment.advance(0)) as LabMetrics;
    const last = (await experiment.advance(experiment.totalSteps)) as LabMetrics;
    return summarizeRun(first, last);
  } finally {
    experiment.dispose();
  }
}

/** The darkroom's picture for a run, or why it cannot be rebuilt. */
async function darkroomPicture(
  config: LabConfig<"conv-darkroom">,
  sent: DarkroomSummary,
  assets: LabAssets,
): Promise<{ image: GreyImage; trueDigit: number | null; sample: number | null } | string> {
  if (sent.image === "drawing") return "a drawn picture stays on your page: the server grades runs on the shipped pictures only";
  if (sent.kernel === "custom") return "a kernel you typed stays on your page: the server grades runs on the preset kernels only";
  if (sent.image !== config.image || sent.kernel !== config.kernel) return "the measurements do not match the run's settings";
  if (config.image === "face") return { image: faceSilhouette(), trueDigit: null, sample: null };
  if (config.image === "checkerboard") return { image: checkerboard(), trueDigit: null, sample: null };
  if (sent.sample === null) return "the digit picture the run used is not named";
  const samples = await assets.digitSamples();
  if (sent.sample >= samples.perDigit) return "the digit picture the run used is not one the app ships";
  const digit = sent.occlusion.trueDigit;
  return { image: digitImage(sampleImage(samples, digit, sent.sample)), trueDigit: digit, sample: sent.sample };
}

async function reproduceDarkroom(
  tf: Tf,
  config: LabConfig<"conv-darkroom">,
  sent: DarkroomSummary,
  assets: LabAssets,
): Promise<Reproduction> {
  const picture = await darkroomPicture(config, sent, assets);
  if (typeof picture === "string") return { ok: false, reason: picture };
  const model = new DigitsCnn(tf, await assets.digitClassifier());
  try {
    const run = await runDarkroom(tf, digitClassifier(tf, model), {
      image: picture.image,
      imageKind: config.image,
      kernel: KERNEL_PRESETS[config.kernel],
      layers: config.layers,
      relu: config.relu,
      trueDigit: picture.trueDigit,
      sample: picture.sample,
    });
    return { ok: true, summary: run.summary };
  } finally {
    model.dispose();
  }
}

async function reproduceDiffusion(
  tf: Tf,
  config: LabConfig<"diffusion-studio">,
  sent: DiffusionSummary,
  assets: LabAssets,
): Promise<Reproduction> {
  if (sent.sample === null) return { ok: false, reason: "a drawn digit stays on your page: the server grades runs on the shipped digits only" };
  const [samples, cnnValues, denoiserValues] = await Promise.all([assets.digitSamples(), assets.digitClassifier(), assets.denoiser()]);
  if (sent.sample >= samples.perDigit) return { ok: false, reason: "the digit picture the run used is not one the app ships" };
  const cnn = new DigitsCnn(tf, cnnValues);
  const denoiser = new Denoiser(tf, denoiserValues);
  try {
    const classify = (images: Float32Array, count: number) => digitProbabilities(tf, cnn, images, count);
    const source = sampleImage(samples, config.digit, sent.sample);
    const curves = {} as Record<ScheduleKind, RecognitionCurve>;
    for (const kind of DIFFUSION_SCHEDULES) curves[kind] = await recognitionCurve(classify, source, config.digit, kind, config.seed);
    const start = noisedSource(source, config.schedule, Math.max(1, config.t), config.seed).xt;
    let finalA: Float32Array = start;
    let finalB: Float32Array = start;
    const eps = (x: Float32Array, alphaBar: number) => denoiser.predictArrays(x, [alphaBar, alphaBar]);
    for await (const pair of samplePair(eps, start, config)) {
      finalA = Float32Array.from(pair.first.xNext);
      finalB = Float32Array.from(pair.secondNext);
    }
    const [finalProbs] = await classify(toPixelScale(finalA), 1);
    const summary = summarizeDiffusionRun({
      config,
      sample: sent.sample,
      curves,
      finalA,
      finalB,
      source,
      finalDigit: argMax(finalProbs),
      finalProbability: finalProbs?.[argMax(finalProbs)] ?? 0,
    });
    return { ok: true, summary };
  } finally {
    cnn.dispose();
    denoiser.dispose();
  }
}

/**
 * Recomputes the summary of a run of `lab` with `config` on `tf`'s current backend. `sent` is the summary the
 * page sent: only the picture it names is read from it (for the darkroom and the diffusion studio).
 */
export async function reproduceRun(
  tf: Tf,
  lab: LabKey,
  config: LabConfig,
  sent: LabSummary,
  assets: LabAssets,
): Promise<Reproduction> {
  if (isTrainingLab(lab)) {
    // The caller parsed `config` with `lab`'s schema; TypeScript cannot pair the two by itself.
    return { ok: true, summary: await reproduceTraining(tf, { lab, config } as ExperimentSpec, assets) };
  }
  if (lab === "conv-darkroom") {
    return reproduceDarkroom(tf, config as LabConfig<"conv-darkroom">, sent as DarkroomSummary, assets);
  }
  return reproduceDiffusion(tf, config as LabConfig<"diffusion-studio">, sent as DiffusionSummary, assets);
}

/** How far a page's number may be from the server's: cpu and wasm are exact; GPU backends round differently. */
export interface Tolerance {
  readonly absolute: number;
  readonly relative: number;
}

export const EXACT_BACKEND_TOLERANCE: Tolerance = { absolute: 1e-6, relative: 1e-4 };
/**
 * WebGL and WebGPU compute in float32 with their own rounding and reduction order, and training compounds the
 * differences over hundreds of steps: their numbers are compared loosely. The server grades its own numbers in
 * every case; this only refuses a summary that no run of these settings could have measured.
 */
export const GPU_BACKEND_TOLERANCE: Tolerance = { absolute: 0.05, relative: 0.5 };

export function toleranceFor(backend: string): Tolerance {
  return backend === "cpu" || backend === "wasm" ? EXACT_BACKEND_TOLERANCE : GPU_BACKEND_TOLERANCE;
}

/**
 * The first place where `sent` differs from `measured` beyond `tolerance` (a path such as `net.gradNorms[3]`),
 * or null when they agree. Numbers compare within the tolerance; everything else (keys, integers that name
 * things, texts, booleans, nulls) must be equal, except that a GPU run may report a non-finite number as null.
 */
export function summaryMismatch(sent: unknown, measured: unknown, tolerance: Tolerance, path = "summary"): string | null {
  if (typeof sent === "number" && typeof measured === "number") {
    const allowed = tolerance.absolute + tolerance.relative * Math.max(Math.abs(sent), Math.abs(measured));
    return Math.abs(sent - measured) <= allowed ? null : path;
  }
  if (Array.isArray(sent) && Array.isArray(measured)) {
    if (sent.length !== measured.length) return path;
    for (let i = 0; i < sent.length; i++) {
      const found = summaryMismatch(sent[i], measured[i], tolerance, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (sent !== null && measured !== null && typeof sent === "object" && typeof measured === "object") {
    const keys = new Set([...Object.keys(sent), ...Object.keys(measured)]);
    for (const key of keys) {
      const found = summaryMismatch(
        (sent as Record<string, unknown>)[key],
        (measured as Record<string, unknown>)[key],
        tolerance,
        `${path}.${key}`,
      );
      if (found) return found;
    }
    return null;
  }
  if (tolerance !== EXACT_BACKEND_TOLERANCE && (sent === null || measured === null) && (typeof sent === "number" || typeof measured === "number")) {
    return null;
  }
  return Object.is(sent, measured) ? null : path;
}
