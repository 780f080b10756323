"use client";

import type { ControlSpec } from "@/lib/labs/controls";

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm aria-invalid:border-red-500 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900";

/**
 * A lab's settings form. Values are held as the text the learner typed, so that a half-typed number is not
 * replaced while typing; the parent validates them with the lab's schema and reports `error`.
 */
export function LabControls({
  controls,
  values,
  onChange,
  disabled,
  error,
}: {
  controls: readonly ControlSpec[];
  values: Readonly<Record<string, string>>;
  onChange: (field: string, value: string) => void;
  disabled: boolean;
  error: string | null;
}) {
  return (
    <fieldset disabled={disabled} className="space-y-3" aria-describedby={error ? "lab-settings-error" : undefined}>
      <legend className="text-base font-semibold">Settings</legend>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {controls.map((control) => (
          <Control key={control.field} control={control} value={values[control.field] ?? ""} onChange={onChange} />
        ))}
      </div>
      {error && (
        <p id="lab-settings-error" role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Control({
  control,
  value,
  onChange,
}: {
  control: ControlSpec;
  value: string;
  onChange: (field: string, value: string) => void;
}) {
  const id = `lab-${control.field}`;
  const hintId = control.hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="flex items-baseline justify-between text-sm font-medium">
        <span>{control.label}</span>
        {control.kind === "range" && <output htmlFor={id} className="tabular-nums text-slate-600 dark:text-slate-300">{value}</output>}
      </label>
      {control.kind === "select" ? (
        <select id={id} value={value} onChange={(e) => onChange(control.field, e.target.value)} className={inputClass} aria-describedby={hintId}>
          {control.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : control.kind === "range" ? (
        <input
          id={id}
          type="range"
          min={control.min}
          max={control.max}
          step={control.step}
          value={value}
          onChange={(e) => onChange(control.field, e.target.value)}
          className="block w-full accent-brand-600"
          aria-describedby={hintId}
        />
      ) : (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={control.min}
          max={control.max}
          step={control.step}
          value={value}
          onChange={(e) => onChange(control.field, e.target.value)}
          className={inputClass}
          aria-describedby={hintId}
        />
      )}
      {control.hint && (
        <p id={hintId} className="text-xs text-slate-500 dark:text-slate-400">
          {control.hint}
        </p>
      )}
    </div>
  );
}
