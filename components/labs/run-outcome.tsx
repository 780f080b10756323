"use client";

import clsx from "clsx";

import { secondaryButtonClass } from "@/components/ui/field";
import type { AnswerSpec, Verdict } from "@/lib/labs/predictions";
import type { LabPredictionDto, LabRunResultDto, MovedCardDto, PredictionAnswer } from "@/lib/labs/run-report";

import { answerLabel } from "./prediction-form";

/** Where the finished run stands with the server. */
export type SaveStatus =
  | { readonly kind: "saving" }
  /** Saved; the server is reproducing the run before it grades anything. */
  | { readonly kind: "verifying" }
  | { readonly kind: "saved"; readonly result: LabRunResultDto }
  | { readonly kind: "failed"; readonly error: string }
  /** Not recorded (an instructor's run): predictions graded on this page only. */
  | { readonly kind: "local"; readonly outcomes: readonly LocalOutcome[] };

export interface LocalOutcome {
  readonly key: string;
  readonly prompt: string;
  readonly answer: PredictionAnswer;
  readonly verdict: Verdict;
  readonly measured: string;
}

/** How each verdict reads beside the learner's answer, and its colours. */
const VERDICT_VIEW: Record<Verdict, { readonly word: string; readonly box: string; readonly text: string }> = {
  confirmed: {
    word: "confirmed",
    box: "border-emerald-500 bg-emerald-50 dark:bg-emerald-950/40",
    text: "text-emerald-700 dark:text-emerald-300",
  },
  refuted: { word: "refuted", box: "border-red-500 bg-red-50 dark:bg-red-950/40", text: "text-red-700 dark:text-red-300" },
  "too-close": {
    word: "too close to call (no card moves)",
    box: "border-slate-400 bg-slate-50 dark:bg-slate-900/60",
    text: "text-slate-700 dark:text-slate-200",
  },
  ungraded: {
    word: "not graded at these settings (no card moves)",
    box: "border-slate-400 bg-slate-50 dark:bg-slate-900/60",
    text: "text-slate-700 dark:text-slate-200",
  },
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function when(iso: string | null): string {
  return iso === null ? "not in your reviews" : dateFormat.format(new Date(iso));
}

const RATING_NAMES = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" } as const;

/**
 * Prediction against measurement for a finished run, and the cards each prediction moved with their new
 * due dates. Focusable heading, so the page can move focus here when the result arrives.
 */
export function RunOutcome({
  status,
  predictions,
  predicted,
  onRetry,
  headingRef,
}: {
  status: SaveStatus;
  predictions: readonly LabPredictionDto[];
  /** Whether the learner answered the predictions before the run. */
  predicted: boolean;
  onRetry: () => void;
  headingRef?: React.Ref<HTMLHeadingElement>;
}) {
  const specOf = (key: string): AnswerSpec | undefined => predictions.find((p) => p.key === key)?.answer;
  const outcomes =
    status.kind === "saved" ? status.result.outcomes : status.kind === "local" ? status.outcomes : [];
  const moved = status.kind === "saved" ? status.result.outcomes.reduce((n, o) => n + o.cards.length, 0) : 0;

  return (
    <section aria-labelledby="lab-outcome-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="lab-outcome-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
        Outcome
      </h2>
      <div aria-live="polite" className="space-y-3">
        {status.kind === "saving" && <p className="text-sm">Saving your run and grading your predictions…</p>}
        {status.kind === "verifying" && (
          <p role="status" className="text-sm">
            Verifying: the server is rerunning your run from the same settings and seed before it grades your
            predictions. This takes a few seconds; you can keep working.
          </p>
        )}
        {status.kind === "saved" && status.result.note && (
          <p className="text-sm text-slate-700 dark:text-slate-300">Nothing was graded: {status.result.note}.</p>
        )}
        {status.kind === "failed" && (
          <div role="alert" className="space-y-2 text-sm text-red-700 dark:text-red-300">
            <p>The run could not be saved: {status.error}</p>
            <button type="button" className={secondaryButtonClass} onClick={onRetry}>
              Try again
            </button>
          </div>
        )}
        {status.kind === "saved" && (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {predicted
              ? moved > 0
                ? `Run saved. Your predictions moved ${moved} ${moved === 1 ? "card" : "cards"}.`
                : "Run saved. No card was linked to these predictions."
              : "Run saved. You ran without predicting, so no card moved."}
          </p>
        )}
        {status.kind === "local" && (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Graded on this page only: runs are recorded, and move cards, for students.
          </p>
        )}
        {outcomes.length > 0 && (
          <ol className="space-y-3">
            {outcomes.map((outcome) => {
              const spec = specOf(outcome.key);
              const cards: readonly MovedCardDto[] = "cards" in outcome ? (outcome.cards as readonly MovedCardDto[]) : [];
              return (
                <li
                  key={outcome.key}
                  data-testid={`outcome-${outcome.key}`}
                  data-verdict={outcome.verdict}
                  className={clsx("rounded-md border-l-4 p-3", VERDICT_VIEW[outcome.verdict].box)}
                >
                  <p className="text-sm font-medium">{outcome.prompt}</p>
                  <p className="mt-1 text-sm">
                    You predicted <strong>{spec ? answerLabel(spec, outcome.answer) : String(outcome.answer)}</strong>:{" "}
                    <strong className={VERDICT_VIEW[outcome.verdict].text}>{VERDICT_VIEW[outcome.verdict].word}</strong>
                    .
                  </p>
                  <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{outcome.measured}</p>
                  {cards.length > 0 && (
                    <div className="mt-2">
                      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
                        Cards marked {RATING_NAMES[cards[0]?.rating ?? 3]}
                      </p>
                      <ul className="mt-1 space-y-1 text-sm">
                        {cards.map((card) => (
                          <li key={card.cardKey} data-testid={`moved-${card.cardKey}`} className="flex flex-col sm:flex-row sm:gap-2">
                            <span className="min-w-0 flex-1" dangerouslySetInnerHTML={{ __html: card.frontHtml }} />
                            <span className="shrink-0 text-slate-600 dark:text-slate-400">
                              {card.dueBefore === null ? "added to your reviews, " : `${when(card.dueBefore)} → `}
                              due <time dateTime={card.dueAfter}>{when(card.dueAfter)}</time>
                            </span>
                          </li>
                        ))}
                      </ul>
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </section>
  );
}
