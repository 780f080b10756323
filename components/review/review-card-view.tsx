import Link from "next/link";

import type { ReviewCardDto } from "@/lib/review/api-schema";

const KIND_LABEL = { new: "New card", learning: "Learning", review: "Review" } as const;

/**
 * One card: the question, and once revealed the answer. The HTML was rendered and sanitized on the server
 * (Markdown + KaTeX), so it is inserted as it is.
 */
export function ReviewCardView({ card, revealed }: { card: ReviewCardDto; revealed: boolean }) {
  return (
    <article
      aria-labelledby="review-card-front"
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-8 dark:border-slate-800 dark:bg-slate-900"
    >
      <header className="mb-4 flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link
          href={`/concepts/${encodeURIComponent(card.conceptKey)}`}
          className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100"
        >
          {card.conceptTitle}
        </Link>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          {KIND_LABEL[card.kind]}
        </span>
      </header>
      <h2 className="sr-only">Question</h2>
      <div
        id="review-card-front"
        data-testid="card-front"
        className="card-text text-lg leading-relaxed sm:text-xl"
        dangerouslySetInnerHTML={{ __html: card.frontHtml }}
      />
      {/* Announced when it appears, so a screen reader reads the answer without a focus change. */}
      <div aria-live="polite" className="mt-6">
        {revealed ? (
          <section aria-label="Answer" className="border-t border-slate-200 pt-5 dark:border-slate-800">
            <div data-testid="card-back" className="card-text text-lg leading-relaxed" dangerouslySetInnerHTML={{ __html: card.backHtml }} />
            {card.extraHtml ? (
              <div className="card-text mt-3 text-sm text-slate-600 dark:text-slate-400" dangerouslySetInnerHTML={{ __html: card.extraHtml }} />
            ) : null}
          </section>
        ) : null}
      </div>
      {card.lab ? (
        <footer className="mt-6 text-sm">
          <Link
            href={card.lab.href}
            className="inline-flex items-center gap-1 rounded-md px-2 py-1 font-medium text-brand-700 hover:bg-brand-50 dark:text-brand-100 dark:hover:bg-slate-800"
          >
            Open the lab: {card.lab.title}
            <span aria-hidden="true">→</span>
          </Link>
        </footer>
      ) : null}
    </article>
  );
}
