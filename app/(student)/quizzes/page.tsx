import type { Metadata } from "next";

import { AttemptHistory } from "@/components/quiz/attempt-history";
import { QuizLauncher } from "@/components/quiz/quiz-launcher";
import { requireRole } from "@/lib/auth/session";
import { quizOverview } from "@/lib/db/quiz-history";

export const metadata: Metadata = { title: "Quizzes" };

export default async function QuizzesPage() {
  const viewer = await requireRole("STUDENT", "/quizzes");
  const overview = await quizOverview(viewer, new Date());
  return (
    <div className="space-y-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Quizzes</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Every answer counts as a review of the cards it tests: a miss brings them back soon, a right answer pushes
          them later. Cards you had not studied yet join your reviews.
        </p>
      </header>
      {overview.recent.length > 0 && (
        <section aria-labelledby="recent" className="space-y-2">
          <h2 id="recent" className="text-lg font-semibold">
            Recent attempts
          </h2>
          <AttemptHistory attempts={overview.recent} timeZone={overview.timeZone} />
        </section>
      )}
      <QuizLauncher groups={overview.groups} dueSoonCards={overview.dueSoonCards} />
    </div>
  );
}
