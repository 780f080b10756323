import Link from "next/link";

import type { RelatedConcept } from "@/lib/db/concepts";

import { MasteryMeter } from "./mastery-meter";

/** A titled list of links to other concepts (prerequisites, or what builds on this one), with the student's mastery. */
export function RelatedConcepts({
  id,
  title,
  concepts,
  empty,
  showMastery,
}: {
  id: string;
  title: string;
  concepts: RelatedConcept[];
  empty: string;
  showMastery: boolean;
}) {
  return (
    <section aria-labelledby={id} className="min-w-0 flex-1">
      <h2 id={id} className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        {title}
      </h2>
      {concepts.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <ul className="space-y-2">
          {concepts.map((concept) => (
            <li key={concept.key} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
              <Link
                href={`/concepts/${concept.key}`}
                className="font-medium text-brand-600 underline-offset-2 hover:underline dark:text-brand-100"
              >
                {concept.title}
              </Link>
              {showMastery && <MasteryMeter value={concept.mastery} label={`Your mastery of ${concept.title}`} compact />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
