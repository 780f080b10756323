"use client";

import Link from "next/link";
import { useState } from "react";

import { buttonClass, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { QuizConceptRow, QuizOverview } from "@/lib/db/quiz-history";
import type { QuizMode } from "@/lib/quiz/types";

import { ModeChoice } from "./mode-choice";
import { useStartQuiz } from "./use-start-quiz";

function scoreText(score: { correct: number; total: number } | null): string {
  return score ? `${score.correct}/${score.total}` : "–";
}

/**
 * Starting quizzes: the feedback mode, "everything due soon", a mixed quiz over the ticked concepts, and one
 * quiz per concept with the learner's last and best scores.
 */
export function QuizLauncher({ groups, dueSoonCards }: Pick<QuizOverview, "groups" | "dueSoonCards">) {
  const [mode, setMode] = useState<QuizMode>("STEP");
  const [picked, setPicked] = useState<string[]>([]);
  const { start, pending, error } = useStartQuiz();

  const toggle = (key: string) => setPicked((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]));

  return (
    <div className="space-y-6">
      <section aria-labelledby="start" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="start" className="text-lg font-semibold">
          Start a quiz
        </h2>
        <ModeChoice value={mode} onChange={setMode} />
        <div className="flex flex-wrap gap-3">
          <button
            type="button"
            className={buttonClass}
            disabled={pending !== null || dueSoonCards === 0}
            onClick={() => start({ scope: "DUE_SOON", mode }, "due")}
          >
            {pending === "due" ? "Starting…" : "Everything due soon"}
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={pending !== null || picked.length === 0}
            onClick={() => start({ scope: "MIXED", conceptKeys: picked, mode }, "mixed")}
          >
            {pending === "mixed" ? "Starting…" : `Mixed quiz (${picked.length} ${picked.length === 1 ? "concept" : "concepts"})`}
          </button>
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {dueSoonCards === 0
            ? "Nothing in your reviews is due in the next 3 days. Add cards from a concept page, or pick concepts below."
            : `${dueSoonCards} ${dueSoonCards === 1 ? "card" : "cards"} in your reviews come due in the next 3 days; "Everything due soon" asks about the weakest.`}{" "}
          Tick concepts below for a mixed quiz.
        </p>
        <FormError message={error} />
      </section>

      {groups.map((group) => (
        <section key={group.group} aria-labelledby={`group-${group.group}`} className="space-y-2">
          <h2 id={`group-${group.group}`} className="text-base font-semibold text-slate-700 dark:text-slate-200">
            {group.group}
          </h2>
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {group.concepts.map((concept) => (
              <ConceptRow
                key={concept.key}
                concept={concept}
                checked={picked.includes(concept.key)}
                onToggle={() => toggle(concept.key)}
                disabled={pending !== null}
                starting={pending === concept.key}
                onStart={() => start({ scope: "CONCEPT", conceptKeys: [concept.key], mode }, concept.key)}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function ConceptRow(props: {
  concept: QuizConceptRow;
  checked: boolean;
  onToggle: () => void;
  disabled: boolean;
  starting: boolean;
  onStart: () => void;
}) {
  const { concept } = props;
  const id = `pick-${concept.key}`;
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2">
      <input id={id} type="checkbox" checked={props.checked} onChange={props.onToggle} className="size-4" />
      <label htmlFor={id} className="min-w-0 flex-1">
        <span className="block font-medium">{concept.title}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">
          {concept.questionCount} {concept.questionCount === 1 ? "question" : "questions"}
          {concept.attempts > 0 && ` · last ${scoreText(concept.last)} · best ${scoreText(concept.best)}`}
        </span>
      </label>
      {concept.inProgressId && (
        <Link href={`/quizzes/${concept.inProgressId}`} className="text-sm text-brand-600 underline dark:text-brand-100">
          Resume
        </Link>
      )}
      <button
        type="button"
        className={secondaryButtonClass}
        disabled={props.disabled}
        onClick={props.onStart}
        aria-label={`Start the ${concept.title} quiz`}
      >
        {props.starting ? "Starting…" : "Start"}
      </button>
    </li>
  );
}
