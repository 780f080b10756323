import Link from "next/link";

import { buttonClass, secondaryButtonClass } from "@/components/ui/field";
import type { AttemptResults } from "@/lib/db/quiz-history";
import { formatScore } from "@/lib/quiz/attempt";
import { formatDue } from "@/lib/quiz/moved";

import { AttemptHistory } from "./attempt-history";
import { MovedCards } from "./moved-cards";
import { QuestionReview } from "./question-review";

/** A finished attempt: the score, which cards moved in the review queue, each question reviewed, and the history. */
export function QuizResults({ results }: { results: AttemptResults }) {
  const again = results.moved.filter((m) => m.ratings.includes("Again")).length;
  return (
    <article className="space-y-8">
      <header className="space-y-2">
        <Link href="/quizzes" className="text-sm text-brand-600 underline-offset-2 hover:underline dark:text-brand-100">
          ← All quizzes
        </Link>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{results.title}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">Finished {formatDue(results.submittedAt, results.timeZone)}</p>
        <p className="text-3xl font-semibold tabular-nums" data-testid="quiz-score">
          {formatScore(results.correctCount, results.total)}
        </p>
      </header>

      <section aria-labelledby="queue" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="queue" className="text-lg font-semibold">
          Your review queue
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {results.moved.length === 0
            ? "These questions test no card, so nothing in your reviews changed."
            : again > 0
              ? `Each card behind a question you missed is marked Again and comes back soon; the others are marked Good.`
              : "Every card behind these questions is marked Good and comes back later."}
        </p>
        <MovedCards cards={results.moved} heading="Cards and their new due dates" />
        <div className="flex flex-wrap gap-3">
          <Link href="/today" className={buttonClass}>
            Review now
          </Link>
          <Link href="/quizzes" className={secondaryButtonClass}>
            Another quiz
          </Link>
        </div>
      </section>

      <section aria-labelledby="questions" className="space-y-4">
        <h2 id="questions" className="text-lg font-semibold">
          Questions
        </h2>
        <ol className="space-y-4">
          {results.questions.map((q) => (
            <li key={q.id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
              <QuestionReview review={q} />
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="history" className="space-y-2">
        <h2 id="history" className="text-lg font-semibold">
          Your attempts at this quiz
        </h2>
        <AttemptHistory attempts={results.history} currentId={results.id} showTitles={false} timeZone={results.timeZone} />
      </section>
    </article>
  );
}
