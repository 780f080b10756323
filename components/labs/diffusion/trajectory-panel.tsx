"use client";

import { useId } from "react";

import { toPixelScale } from "@/lib/labs/diffusion-studio/forward";

import { GreyCanvas } from "../darkroom/grey-canvas";

/** One recorded sampling step of the first chain (scale [-1, 1]). */
export interface TrajectoryFrame {
  readonly t: number;
  readonly x: Float32Array;
  readonly x0: Float32Array;
}

const FILMSTRIP = 8;

/**
 * The sampling trajectory: a filmstrip of x_t along the run, and for the step the learner picks, x_t, the
 * network's predicted clean image, the true source, and their difference.
 */
export function TrajectoryPanel({
  frames,
  final,
  source,
  selected,
  onSelect,
}: {
  frames: readonly TrajectoryFrame[];
  final: Float32Array | null;
  /** The source digit, grey levels in [0, 1]. */
  source: Float32Array;
  selected: number;
  onSelect: (index: number) => void;
}) {
  const sliderId = useId();
  if (frames.length === 0) return null;
  const index = Math.min(selected, frames.length - 1);
  const frame = frames[index] as TrajectoryFrame;
  const predicted = toPixelScale(frame.x0);
  const difference = Float32Array.from(predicted, (v, i) => Math.abs(v - (source[i] as number)));
  const strip = Array.from({ length: Math.min(FILMSTRIP, frames.length) }, (_, k) =>
    Math.round((k * (frames.length - 1)) / Math.max(1, Math.min(FILMSTRIP, frames.length) - 1)),
  );
  const meanDifference = difference.reduce((a, b) => a + b, 0) / difference.length;

  return (
    <section aria-labelledby="diffusion-trajectory-heading" className="space-y-3">
      <h3 id="diffusion-trajectory-heading" className="text-base font-semibold">
        Sampling trajectory
      </h3>
      <ol className="grid grid-cols-4 gap-2 sm:grid-cols-8">
        {strip.map((k) => {
          const f = frames[k] as TrajectoryFrame;
          return (
            <li key={k}>
              <button
                type="button"
                onClick={() => onSelect(k)}
                aria-pressed={k === index}
                aria-label={`Show step t = ${f.t}`}
                className="w-full rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 aria-pressed:ring-2 aria-pressed:ring-brand-600"
              >
                <GreyCanvas image={{ size: 28, pixels: toPixelScale(f.x) }} label={`x at t = ${f.t}`} />
              </button>
              <span className="text-xs tabular-nums text-slate-600 dark:text-slate-300">t = {f.t}</span>
            </li>
          );
        })}
      </ol>
      <div className="space-y-1">
        <label htmlFor={sliderId} className="flex justify-between text-sm font-medium">
          <span>Step to inspect</span>
          <output htmlFor={sliderId} className="tabular-nums">
            {index + 1} of {frames.length} (t = {frame.t})
          </output>
        </label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={frames.length - 1}
          step={1}
          value={index}
          onChange={(e) => onSelect(Number(e.target.value))}
          className="w-full"
        />
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        <Tile label={`x at t = ${frame.t}`} pixels={toPixelScale(frame.x)} />
        <Tile label="Predicted x₀" pixels={predicted} />
        <Tile label="True x₀ (the source)" pixels={source} />
        <Tile label="|predicted − true|" pixels={difference} />
        {final && <Tile label="Final sample" pixels={toPixelScale(final)} />}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        At t = {frame.t} the predicted x₀ differs from the source by {meanDifference.toFixed(3)} per pixel on average (grey
        levels 0 to 1).
      </p>
    </section>
  );
}

function Tile({ label, pixels }: { label: string; pixels: Float32Array }) {
  return (
    <figure className="space-y-1">
      <GreyCanvas image={{ size: 28, pixels }} label={label} />
      <figcaption className="text-xs text-slate-600 dark:text-slate-300">{label}</figcaption>
    </figure>
  );
}
