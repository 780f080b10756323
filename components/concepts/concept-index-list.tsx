import Link from "next/link";

import type { ConceptIndex } from "@/lib/db/concepts";

import { plural } from "./format";
import { MasteryMeter } from "./mastery-meter";

/** The concept index: one section per course group, one card per concept with its counts and mastery. */
export function ConceptIndexList({ index }: { index: ConceptIndex }) {
  if (index.groups.length === 0) {
    return <p className="text-slate-600 dark:text-slate-300">The course has no concepts yet.</p>;
  }
  return (
    <div className="space-y-10">
      {index.groups.map(({ group, concepts }, g) => (
        <section key={group} aria-labelledby={`group-${g}`}>
          <h2 id={`group-${g}`} className="mb-3 text-lg font-semibold">
            {group}
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {concepts.map((concept) => (
              <li
                key={concept.key}
                className="relative rounded-lg border border-slate-200 bg-white p-4 shadow-sm focus-within:ring-2 focus-within:ring-brand-500 hover:border-brand-500 dark:border-slate-800 dark:bg-slate-900"
              >
                <h3 className="font-medium">
                  {/* The link covers the whole card, while its name stays the concept's title. */}
                  <Link
                    href={`/concepts/${concept.key}`}
                    className="after:absolute after:inset-0 after:content-[''] focus-visible:outline-none"
                  >
                    {concept.title}
                  </Link>
                </h3>
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                  {plural(concept.cardCount, "card")} · {plural(concept.questionCount, "question")}
                  {concept.labKeys.length > 0 ? ` · ${plural(concept.labKeys.length, "lab")}` : ""}
                </p>
                {concept.progress && (
                  <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      {concept.progress.inCollection === 0
                        ? "Not in your reviews"
                        : `${concept.progress.inCollection} of ${concept.cardCount} in your reviews`}
                    </p>
                    <MasteryMeter value={concept.progress.mastery} label={`Your mastery of ${concept.title}`} compact />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
