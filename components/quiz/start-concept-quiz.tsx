"use client";

import Link from "next/link";
import { useState } from "react";

import { buttonClass, FormError } from "@/components/ui/field";
import type { QuizMode } from "@/lib/quiz/types";

import { ModeChoice } from "./mode-choice";
import { useStartQuiz } from "./use-start-quiz";

/**
 * The start screen of one concept's quiz. Starting is a POST from this button, so following or prefetching a
 * link to this page never creates an attempt.
 */
export function StartConceptQuiz({
  conceptKey,
  questionCount,
  initialMode,
  inProgressId,
}: {
  conceptKey: string;
  questionCount: number;
  initialMode: QuizMode;
  inProgressId: string | null;
}) {
  const [mode, setMode] = useState<QuizMode>(initialMode);
  const { start, pending, error } = useStartQuiz();
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void start({ scope: "CONCEPT", conceptKeys: [conceptKey], mode }, "concept");
      }}
    >
      <p className="text-slate-700 dark:text-slate-300">
        {questionCount} {questionCount === 1 ? "question" : "questions"}. Each answer updates the cards it tests: a miss
        brings them back soon, a right answer pushes them later.
      </p>
      <ModeChoice value={mode} onChange={setMode} />
      <FormError message={error} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending !== null || questionCount === 0} autoFocus>
          {pending ? "Starting…" : "Start quiz"}
        </button>
        {inProgressId && (
          <Link href={`/quizzes/${inProgressId}`} className="text-sm text-brand-600 underline dark:text-brand-100">
            Resume your unfinished attempt
          </Link>
        )}
      </div>
    </form>
  );
}
