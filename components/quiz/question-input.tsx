import clsx from "clsx";
import type { Ref } from "react";

import type { QuestionView } from "@/lib/quiz/view";

/** What the learner has entered so far for one question. */
export type Draft = { choices: number[] } | { text: string };

export function emptyDraft(question: QuestionView): Draft {
  return question.kind === "NUMERIC" ? { text: "" } : { choices: [] };
}

/** The draft after picking option `index`: single choice replaces, multiple choice toggles. */
export function pick(question: QuestionView, draft: Draft, index: number): Draft {
  if (question.kind === "NUMERIC" || index < 0 || index >= question.options.length) return draft;
  const chosen = "choices" in draft ? draft.choices : [];
  if (question.kind === "SINGLE") return { choices: [index] };
  return { choices: chosen.includes(index) ? chosen.filter((c) => c !== index) : [...chosen, index].sort((a, b) => a - b) };
}

export function isDraftEmpty(draft: Draft | undefined): boolean {
  return !draft || ("choices" in draft ? draft.choices.length === 0 : draft.text.trim() === "");
}

/**
 * The answer controls of one question: radio buttons (single choice), checkboxes (multiple choice) or a number
 * field. Options are numbered as the number keys pick them.
 */
export function QuestionInput({
  question,
  draft,
  onChange,
  disabled,
  numericRef,
}: {
  question: QuestionView;
  draft: Draft;
  onChange: (draft: Draft) => void;
  disabled?: boolean;
  numericRef?: Ref<HTMLInputElement>;
}) {
  const promptId = `prompt-${question.id}`;
  if (question.kind === "NUMERIC") {
    const inputId = `answer-${question.id}`;
    return (
      <div className="space-y-3">
        <div id={promptId} className="text-lg leading-8" dangerouslySetInnerHTML={{ __html: question.promptHtml }} />
        <div className="space-y-1">
          <label htmlFor={inputId} className="block text-sm font-medium">
            Your answer{question.unit ? ` (${question.unit})` : ""}
          </label>
          <input
            id={inputId}
            ref={numericRef}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            disabled={disabled}
            value={"text" in draft ? draft.text : ""}
            onChange={(e) => onChange({ text: e.target.value })}
            aria-describedby={promptId}
            className="block w-full max-w-xs rounded-md border border-slate-300 bg-white px-3 py-2 text-base tabular-nums shadow-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </div>
      </div>
    );
  }
  const chosen = "choices" in draft ? draft.choices : [];
  const type = question.kind === "SINGLE" ? "radio" : "checkbox";
  return (
    <fieldset className="space-y-3" disabled={disabled}>
      <legend className="mb-3 text-lg leading-8">
        <span dangerouslySetInnerHTML={{ __html: question.promptHtml }} />
        {question.kind === "MULTIPLE" && (
          <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">Choose every option that is true.</span>
        )}
      </legend>
      <div className="space-y-2">
        {question.options.map((option) => {
          const checked = chosen.includes(option.index);
          return (
            <label
              key={option.index}
              className={clsx(
                "flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2",
                checked
                  ? "border-brand-500 bg-brand-50 dark:bg-slate-800"
                  : "border-slate-300 bg-white hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800",
              )}
            >
              <input
                type={type}
                name={`q-${question.id}`}
                value={option.index}
                checked={checked}
                onChange={() => onChange(pick(question, draft, option.index))}
                className="mt-1.5"
              />
              <kbd className="mt-0.5 rounded border border-slate-300 px-1.5 text-xs text-slate-500 dark:border-slate-600 dark:text-slate-400" aria-hidden="true">
                {option.index + 1}
              </kbd>
              <span className="min-w-0 flex-1 leading-7 [&_.katex]:whitespace-nowrap" dangerouslySetInnerHTML={{ __html: option.html }} />
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
