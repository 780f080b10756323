import type { ConceptCardView } from "@/lib/db/concepts";

import { formatDue } from "./format";

/**
 * The cards of a concept: the front of each, its back behind a details toggle, and, for a student, a badge when
 * the card is in their reviews. Card HTML comes from the data layer, sanitized and with math typeset.
 */
export function ConceptCardList({
  cards,
  now,
  timeZone,
}: {
  cards: ConceptCardView[];
  now: Date;
  /** The student's time zone for due dates; absent for instructors, who have no reviews. */
  timeZone?: string;
}) {
  if (cards.length === 0) return <p className="text-slate-600 dark:text-slate-300">This concept has no cards yet.</p>;
  return (
    <ol className="space-y-3">
      {cards.map((card) => (
        <li
          key={card.id}
          data-testid="concept-card"
          className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="min-w-0 flex-1 leading-7 [&_.katex]:whitespace-nowrap" dangerouslySetInnerHTML={{ __html: card.frontHtml }} />
            {card.review && timeZone && (
              <span className="shrink-0 rounded-full bg-brand-100 px-2 py-0.5 text-xs font-medium text-brand-700 dark:bg-slate-800 dark:text-brand-100">
                In your reviews
                {card.review.state === "NEW" ? " · new" : ` · ${formatDue(card.review.due, now, timeZone)}`}
              </span>
            )}
          </div>
          <details className="group mt-2">
            <summary className="cursor-pointer select-none text-sm font-medium text-brand-600 dark:text-brand-100">
              <span className="group-open:hidden">Show answer</span>
              <span className="hidden group-open:inline">Hide answer</span>
            </summary>
            <div className="mt-2 border-t border-slate-200 pt-2 leading-7 dark:border-slate-800">
              <div dangerouslySetInnerHTML={{ __html: card.backHtml }} />
              {card.extraHtml && (
                <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" dangerouslySetInnerHTML={{ __html: card.extraHtml }} />
              )}
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
