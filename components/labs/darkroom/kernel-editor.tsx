"use client";

import { useState } from "react";

import { DARKROOM_KERNELS } from "@/lib/labs/configs";
import {
  formatWeight,
  KERNEL_CELLS,
  KERNEL_LABELS,
  KERNEL_PRESETS,
  type Kernel,
  kernelSum,
  type KernelPreset,
  parseWeight,
  presetOf,
} from "@/lib/labs/conv-darkroom/kernels";

const cellClass =
  "w-full rounded-md border border-slate-300 bg-white px-1 py-1.5 text-center text-sm tabular-nums shadow-sm aria-invalid:border-red-500 aria-invalid:bg-red-50 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:aria-invalid:bg-red-950";

const POSITION = ["top left", "top", "top right", "left", "centre", "right", "bottom left", "bottom", "bottom right"];

/**
 * The 3x3 kernel editor: a preset menu and nine cells to type weights into (decimals or fractions such as
 * 1/9). Every valid edit reports the kernel at once; a cell that is not a number is marked and named, and
 * the last valid kernel stays in use.
 */
export function KernelEditor({
  preset,
  onChange,
  disabled,
}: {
  /** The preset the page's settings name; choosing another reports it. */
  preset: KernelPreset;
  onChange: (kernel: Kernel, preset: KernelPreset | null) => void;
  disabled?: boolean;
}) {
  const [texts, setTexts] = useState(() => KERNEL_PRESETS[preset].map(formatWeight));
  const [shownPreset, setShownPreset] = useState<KernelPreset | null>(preset);
  // A new preset from outside (a link, the back button) replaces the typed weights.
  const [seenPreset, setSeenPreset] = useState(preset);
  if (seenPreset !== preset) {
    setSeenPreset(preset);
    if (shownPreset !== preset) {
      setTexts(KERNEL_PRESETS[preset].map(formatWeight));
      setShownPreset(preset);
    }
  }

  const parsed = texts.map(parseWeight);
  const errors = parsed.flatMap((p, i) => (p.ok ? [] : [`${POSITION[i]}: ${p.error}`]));

  const choosePreset = (name: KernelPreset) => {
    setTexts(KERNEL_PRESETS[name].map(formatWeight));
    setShownPreset(name);
    onChange(KERNEL_PRESETS[name], name);
  };

  const edit = (index: number, text: string) => {
    const next = texts.map((t, i) => (i === index ? text : t));
    setTexts(next);
    const values = next.map(parseWeight);
    if (values.every((v) => v.ok)) {
      const kernel = values.map((v) => (v.ok ? v.value : 0));
      const match = presetOf(kernel);
      setShownPreset(match);
      onChange(kernel, match);
    }
  };

  const current = parsed.every((p) => p.ok) ? parsed.map((p) => (p.ok ? p.value : 0)) : null;

  return (
    <fieldset disabled={disabled} className="space-y-2">
      <legend className="text-sm font-semibold">Kernel</legend>
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Preset</span>
        <select
          value={shownPreset ?? "custom"}
          onChange={(e) => {
            if (e.target.value !== "custom") choosePreset(e.target.value as KernelPreset);
          }}
          className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {DARKROOM_KERNELS.map((name) => (
            <option key={name} value={name}>
              {KERNEL_LABELS[name]}
            </option>
          ))}
          <option value="custom" disabled>
            Your own weights
          </option>
        </select>
      </label>
      <div role="group" aria-label="Kernel weights, row by row" className="grid w-full max-w-48 grid-cols-3 gap-1">
        {Array.from({ length: KERNEL_CELLS }, (_, i) => (
          <input
            key={i}
            inputMode="decimal"
            aria-label={`Weight, ${POSITION[i]}`}
            aria-invalid={parsed[i]?.ok ? undefined : true}
            value={texts[i] ?? ""}
            onChange={(e) => edit(i, e.target.value)}
            className={cellClass}
          />
        ))}
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-300" aria-live="polite">
        {current ? `Weights sum to ${formatWeight(Number(kernelSum(current).toFixed(6)))}.` : null}{" "}
        {shownPreset ? "" : "Your own kernel: it is not kept in the page's link."}
      </p>
      {errors.length > 0 && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errors.join("; ")}. The last valid kernel stays in use.
        </p>
      )}
    </fieldset>
  );
}
