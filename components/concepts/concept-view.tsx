import Link from "next/link";

import { secondaryButtonClass } from "@/components/ui/field";
import type { ConceptPageDto } from "@/lib/db/concepts";

import { AddCardsButton } from "./add-cards-button";
import { ConceptCardList } from "./concept-card-list";
import { plural } from "./format";
import { MasteryMeter } from "./mastery-meter";
import { RelatedConcepts } from "./related-concepts";

type AddConceptCards = Parameters<typeof AddCardsButton>[0]["addConceptCards"];

/** The concept page: where it sits in the course, its summary, its cards, its quiz and its labs. */
export function ConceptView({
  concept,
  now,
  addConceptCards,
}: {
  concept: ConceptPageDto;
  now: Date;
  addConceptCards: AddConceptCards;
}) {
  const { progress } = concept;
  return (
    <article className="space-y-8">
      <header className="space-y-3">
        <Link href="/concepts" className="text-sm text-brand-600 underline-offset-2 hover:underline dark:text-brand-100">
          ← All concepts
        </Link>
        <p className="text-sm font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{concept.group}</p>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{concept.title}</h1>
        {progress && (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <MasteryMeter value={progress.mastery} label={`Your mastery of ${concept.title}`} />
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {progress.inCollection} of {plural(concept.cards.length, "card")} in your reviews
            </p>
          </div>
        )}
      </header>

      <div className="flex flex-col gap-6 rounded-lg border border-slate-200 bg-white p-4 sm:flex-row dark:border-slate-800 dark:bg-slate-900">
        <RelatedConcepts
          id="prerequisites"
          title="Prerequisites"
          concepts={concept.prerequisites}
          empty="None: this is a starting point."
          showMastery={progress !== null}
        />
        <RelatedConcepts
          id="builds-toward"
          title="Builds toward"
          concepts={concept.dependents}
          empty="No later concept builds on this one yet."
          showMastery={progress !== null}
        />
      </div>

      <section aria-labelledby="summary" className="space-y-2">
        <h2 id="summary" className="sr-only">
          Summary
        </h2>
        <div className="prose-summary max-w-none" dangerouslySetInnerHTML={{ __html: concept.summaryHtml }} />
      </section>

      {(progress || concept.labs.length > 0) && (
        <section aria-labelledby="practice" className="space-y-3">
          <h2 id="practice" className="text-lg font-semibold">
            Practice
          </h2>
          <div className="flex flex-wrap items-start gap-3">
            {progress && concept.cards.length > 0 && (
              <AddCardsButton
                conceptKey={concept.key}
                total={concept.cards.length}
                inCollection={progress.inCollection}
                addConceptCards={addConceptCards}
              />
            )}
            {progress && concept.questionCount > 0 && (
              <Link href={`/quizzes/new?concept=${encodeURIComponent(concept.key)}`} className={secondaryButtonClass}>
                Take the quiz ({plural(concept.questionCount, "question")})
              </Link>
            )}
          </div>
          {concept.labs.length > 0 && (
            <ul className="flex flex-wrap gap-2" aria-label="Labs">
              {concept.labs.map((lab) => (
                <li key={lab.key}>
                  <Link href={`/labs/${lab.key}`} className={secondaryButtonClass}>
                    Open the lab: {lab.title}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-labelledby="cards" className="space-y-3">
        <h2 id="cards" className="text-lg font-semibold">
          Cards ({concept.cards.length})
        </h2>
        <ConceptCardList cards={concept.cards} now={now} timeZone={progress?.timezone} />
      </section>
    </article>
  );
}
