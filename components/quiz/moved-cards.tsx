import type { MovedCard } from "@/lib/quiz/moved";

/** "Which cards moved": each card the quiz rated, the rating, and when it comes back. */
export function MovedCards({ cards, heading = "Cards that moved" }: { cards: MovedCard[]; heading?: string }) {
  if (cards.length === 0) return null;
  return (
    <section aria-label={heading} className="space-y-2">
      <h3 className="text-sm font-semibold">{heading}</h3>
      <ul className="space-y-1 text-sm" data-testid="moved-cards">
        {cards.map((card) => {
          const again = card.ratings.includes("Again");
          return (
            <li key={card.cardId} className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5" data-card-key={card.cardKey}>
              <span
                className={
                  again
                    ? "rounded bg-red-100 px-1.5 text-xs font-semibold text-red-800 dark:bg-red-950 dark:text-red-200"
                    : "rounded bg-emerald-100 px-1.5 text-xs font-semibold text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
                }
              >
                {card.ratings.join(", ")}
              </span>
              <span className="min-w-0 flex-1 [&_.katex]:whitespace-nowrap" dangerouslySetInnerHTML={{ __html: card.labelHtml }} />
              <span className="text-slate-600 dark:text-slate-400">
                {card.wasNew ? "added to your reviews, " : ""}due in {card.intervalLabel}
                <span className="whitespace-nowrap"> ({card.dueLabel})</span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
