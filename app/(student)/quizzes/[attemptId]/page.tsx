import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

import { QuizRunner } from "@/components/quiz/quiz-runner";
import { requireRole } from "@/lib/auth/session";
import { getAttemptForViewer } from "@/lib/db/quizzes";
import { NotFoundError } from "@/lib/errors";
import { idSchema } from "@/lib/quiz/schemas";

type Props = { params: Promise<{ attemptId: string }> };

// One load per request, shared by the metadata and the page.
const load = cache(async (attemptId: string) => {
  const viewer = await requireRole("STUDENT", `/quizzes/${encodeURIComponent(attemptId)}`);
  if (!idSchema.safeParse(attemptId).success) notFound();
  try {
    return await getAttemptForViewer(viewer, attemptId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Quiz: ${(await load((await params).attemptId)).title}` };
}

/** Taking a quiz. The questions it sends carry no right answers: the server grades every answer. */
export default async function QuizAttemptPage({ params }: Props) {
  const attempt = await load((await params).attemptId);
  if (attempt.submitted) redirect(`/quizzes/${attempt.id}/results`);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header className="space-y-2">
        <Link href="/quizzes" className="text-sm text-brand-600 underline-offset-2 hover:underline dark:text-brand-100">
          ← All quizzes
        </Link>
        <h1 className="text-2xl font-bold">{attempt.title}</h1>
      </header>
      <QuizRunner attempt={attempt} />
    </div>
  );
}
