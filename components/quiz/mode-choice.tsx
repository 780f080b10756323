import type { QuizMode } from "@/lib/quiz/types";

const MODES: { value: QuizMode; label: string; hint: string }[] = [
  { value: "STEP", label: "One at a time", hint: "See if you were right, and why, after each question." },
  { value: "END", label: "All at the end", hint: "Answer everything first, then see your results." },
];

/** The learner's choice between feedback after each question and grading at the end. */
export function ModeChoice({ value, onChange, name = "mode" }: { value: QuizMode; onChange: (mode: QuizMode) => void; name?: string }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Feedback</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {MODES.map((mode) => (
          <label
            key={mode.value}
            className="flex cursor-pointer gap-3 rounded-md border border-slate-300 bg-white p-3 has-checked:border-brand-500 has-checked:bg-brand-50 dark:border-slate-700 dark:bg-slate-900 dark:has-checked:bg-slate-800"
          >
            <input
              type="radio"
              name={name}
              value={mode.value}
              checked={value === mode.value}
              onChange={() => onChange(mode.value)}
              className="mt-1"
            />
            <span>
              <span className="block text-sm font-medium">{mode.label}</span>
              <span className="block text-xs text-slate-600 dark:text-slate-400">{mode.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
