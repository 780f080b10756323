import clsx from "clsx";

import type { QuestionReview as Review } from "@/lib/quiz/view";

/**
 * A graded question: the learner's answer, the right answer and the explanation. Marks are words as well as
 * colours ("your answer", "correct").
 */
export function QuestionReview({ review, headingLevel = 3 }: { review: Review; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="space-y-3" data-testid="question-review" data-correct={review.correct}>
      <Heading className="flex items-center gap-2 text-base font-semibold">
        <span
          className={clsx(
            "rounded px-2 py-0.5 text-sm",
            review.correct
              ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
              : "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
          )}
        >
          {review.correct ? "Correct" : review.blank ? "Not answered" : "Not quite"}
        </span>
        <span className="text-slate-600 dark:text-slate-400">Question {review.number}</span>
      </Heading>
      <div className="leading-8" dangerouslySetInnerHTML={{ __html: review.promptHtml }} />
      {review.kind === "NUMERIC" ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">Your answer</dt>
          <dd className="tabular-nums">{review.yourValue ?? "none"}</dd>
          <dt className="font-medium">Right answer</dt>
          <dd className="tabular-nums">{review.rightValue}</dd>
        </dl>
      ) : (
        <ul className="space-y-1.5">
          {review.options.map((option) => (
            <li
              key={option.index}
              className={clsx(
                "flex items-start gap-3 rounded-md border px-3 py-2",
                option.correct
                  ? "border-emerald-500 bg-emerald-50 dark:border-emerald-700 dark:bg-emerald-950/40"
                  : option.chosen
                    ? "border-red-400 bg-red-50 dark:border-red-800 dark:bg-red-950/40"
                    : "border-slate-200 dark:border-slate-800",
              )}
            >
              <span className="mt-0.5 w-5 shrink-0 text-xs text-slate-500 dark:text-slate-400">{option.index + 1}</span>
              <span className="min-w-0 flex-1 leading-7 [&_.katex]:whitespace-nowrap" dangerouslySetInnerHTML={{ __html: option.html }} />
              <span className="shrink-0 text-xs font-medium">
                {option.chosen && <span className="block">your answer</span>}
                {option.correct && <span className="block text-emerald-700 dark:text-emerald-300">correct</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="prose-summary rounded-md bg-slate-100 px-3 py-1 text-sm dark:bg-slate-800" dangerouslySetInnerHTML={{ __html: review.explanationHtml }} />
    </div>
  );
}
