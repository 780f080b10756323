"use client";

import { useMemo } from "react";

import { toPixelScale } from "@/lib/labs/diffusion-studio/forward";
import { noisedSource, type RecognitionCurve } from "@/lib/labs/diffusion-studio/run";
import { alphaBarAt, DIFFUSION_STEPS, type ScheduleKind, scheduleOf, snrOf } from "@/lib/labs/diffusion-studio/schedule";

import { GreyCanvas } from "../darkroom/grey-canvas";
import { LineChart } from "./line-chart";

const EVERY = 10;
const STEPS = Array.from({ length: DIFFUSION_STEPS / EVERY + 1 }, (_, i) => i * EVERY);

function curve(kind: ScheduleKind, of: (alphaBar: number) => number): number[] {
  const schedule = scheduleOf(kind);
  return STEPS.map((t) => of(schedule.alphaBars[t] as number));
}

/** log10 of the SNR, clipped to a drawable range. */
function logSnr(alphaBar: number): number {
  return Math.max(-6, Math.min(4, Math.log10(snrOf(alphaBar))));
}

const COSINE = "stroke-brand-600 dark:stroke-brand-100";
const LINEAR = "stroke-amber-600 dark:stroke-amber-400";

/**
 * The forward process: the source digit at step t under both schedules (same noise), alphaBar_t and the
 * signal-to-noise ratio of both schedules with the chosen t marked, and, after a run, how the classifier's
 * confidence in the digit falls with t.
 */
export function ForwardPanel({
  source,
  t,
  seed,
  schedule,
  recognition,
}: {
  source: Float32Array;
  t: number;
  seed: number;
  schedule: ScheduleKind;
  recognition: Record<ScheduleKind, RecognitionCurve> | null;
}) {
  const images = useMemo(
    () =>
      (["cosine", "linear"] as const).map((kind) => ({
        kind,
        image: { size: 28, pixels: toPixelScale(noisedSource(source, kind, t, seed).xt) },
        alphaBar: alphaBarAt(scheduleOf(kind), t),
      })),
    [source, t, seed],
  );
  const alphaSeries = useMemo(
    () => [
      { label: "cosine ᾱ", strokeClass: COSINE, xs: STEPS, ys: curve("cosine", (a) => a) },
      { label: "linear ᾱ", strokeClass: LINEAR, xs: STEPS, ys: curve("linear", (a) => a) },
    ],
    [],
  );
  const snrSeries = useMemo(
    () => [
      { label: "cosine", strokeClass: COSINE, xs: STEPS, ys: curve("cosine", logSnr) },
      { label: "linear", strokeClass: LINEAR, xs: STEPS, ys: curve("linear", logSnr) },
    ],
    [],
  );

  return (
    <section aria-labelledby="diffusion-forward-heading" className="space-y-3">
      <h3 id="diffusion-forward-heading" className="text-base font-semibold">
        Forward process: x<sub>t</sub> = √ᾱ<sub>t</sub> x<sub>0</sub> + √(1 − ᾱ<sub>t</sub>) ε
      </h3>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <figure className="space-y-1">
          <GreyCanvas image={{ size: 28, pixels: source }} label="The source digit x0" />
          <figcaption className="text-xs text-slate-600 dark:text-slate-300">Source x₀</figcaption>
        </figure>
        {images.map(({ kind, image, alphaBar }) => (
          <figure key={kind} className="space-y-1">
            <GreyCanvas image={image} label={`The digit noised to step ${t} of the ${kind} schedule, alpha bar ${alphaBar.toFixed(3)}`} />
            <figcaption className={`text-xs ${kind === schedule ? "font-semibold" : ""} text-slate-600 dark:text-slate-300`}>
              {kind}, t = {t}: ᾱ = {alphaBar.toFixed(3)}, SNR = {formatSnr(snrOf(alphaBar))}
            </figcaption>
          </figure>
        ))}
      </div>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        <LineChart
          series={alphaSeries}
          xDomain={[0, DIFFUSION_STEPS]}
          yDomain={[0, 1]}
          xLabel="step t"
          yLabel="ᾱ_t"
          marker={t}
          label="Alpha bar against t for the cosine and linear schedules: the linear schedule falls much sooner"
        />
        <LineChart
          series={snrSeries}
          xDomain={[0, DIFFUSION_STEPS]}
          yDomain={[-6, 4]}
          xLabel="step t"
          yLabel="log₁₀ SNR"
          marker={t}
          label="Log signal-to-noise ratio against t for both schedules"
        />
        {recognition && (
          <LineChart
            series={[
              { label: "cosine", strokeClass: COSINE, xs: recognition.cosine.steps, ys: recognition.cosine.probability },
              { label: "linear", strokeClass: LINEAR, xs: recognition.linear.steps, ys: recognition.linear.probability },
            ]}
            xDomain={[0, DIFFUSION_STEPS]}
            yDomain={[0, 1]}
            xLabel="step t"
            yLabel="P(source digit)"
            marker={t}
            label="The classifier's probability of the source digit as noise is added, for both schedules"
          />
        )}
      </div>
    </section>
  );
}

function formatSnr(snr: number): string {
  if (!Number.isFinite(snr)) return "∞";
  return snr >= 100 || snr < 0.01 ? snr.toExponential(1) : snr.toPrecision(2);
}
