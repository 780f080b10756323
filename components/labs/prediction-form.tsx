"use client";

import type { AnswerSpec } from "@/lib/labs/predictions";
import type { LabPredictionDto, PredictionAnswer } from "@/lib/labs/run-report";

export type Answers = Readonly<Record<string, PredictionAnswer>>;

/** True when every prediction has an answer (only then does a run count). */
export function allAnswered(predictions: readonly LabPredictionDto[], answers: Answers): boolean {
  return predictions.every((p) => answers[p.key] !== undefined);
}

/** The answer as the learner reads it: a choice's label, or Yes/No. */
export function answerLabel(spec: AnswerSpec, answer: PredictionAnswer | undefined): string {
  if (answer === undefined) return "no answer";
  if (spec.kind === "choice") return spec.options.find((o) => o.value === answer)?.label ?? String(answer);
  return answer === true ? "Yes" : answer === false ? "No" : String(answer);
}

/**
 * The predictions a learner makes before a run, one fieldset each. Locked (read-only) once the run starts.
 * Each prediction lists the cards it grades.
 */
export function PredictionForm({
  predictions,
  answers,
  onAnswer,
  locked,
}: {
  predictions: readonly LabPredictionDto[];
  answers: Answers;
  onAnswer: (key: string, answer: PredictionAnswer) => void;
  locked: boolean;
}) {
  return (
    <ol className="space-y-4">
      {predictions.map((prediction, index) => (
        <li key={prediction.key}>
          <fieldset disabled={locked} className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
            <legend className="px-1 text-sm font-medium">
              {index + 1}. {prediction.prompt}
            </legend>
            <AnswerInput prediction={prediction} value={answers[prediction.key]} onAnswer={onAnswer} />
            {prediction.cards.length > 0 && (
              <details className="mt-2 text-xs text-slate-600 dark:text-slate-400">
                <summary className="cursor-pointer">
                  Grades {prediction.cards.length} {prediction.cards.length === 1 ? "card" : "cards"}
                </summary>
                <ul className="mt-1 list-disc space-y-1 pl-5">
                  {prediction.cards.map((card) => (
                    <li key={card.key}>
                      <span dangerouslySetInnerHTML={{ __html: card.frontHtml }} />{" "}
                      <span className="text-slate-500">
                        ({card.conceptTitle}
                        {card.due ? `, due ${new Date(card.due).toLocaleDateString()}` : ", not in your reviews yet"})
                      </span>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </fieldset>
        </li>
      ))}
    </ol>
  );
}

function AnswerInput({
  prediction,
  value,
  onAnswer,
}: {
  prediction: LabPredictionDto;
  value: PredictionAnswer | undefined;
  onAnswer: (key: string, answer: PredictionAnswer) => void;
}) {
  const spec = prediction.answer;
  const name = `prediction-${prediction.key}`;
  const options: readonly { value: PredictionAnswer; label: string }[] =
    spec.kind === "boolean"
      ? [
          { value: true, label: "Yes" },
          { value: false, label: "No" },
        ]
      : spec.options;
  return (
    <div className="mt-2 flex flex-wrap gap-2">
      {options.map((option) => {
        const checked = value === option.value;
        return (
          <label
            key={String(option.value)}
            className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500 ${
              checked
                ? "border-brand-600 bg-brand-50 dark:bg-slate-800"
                : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            }`}
          >
            <input
              type="radio"
              name={name}
              checked={checked}
              onChange={() => onAnswer(prediction.key, option.value)}
              className="accent-brand-600"
            />
            {option.label}
          </label>
        );
      })}
    </div>
  );
}
