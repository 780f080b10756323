import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

import { QuizResults } from "@/components/quiz/quiz-results";
import { requireRole } from "@/lib/auth/session";
import { getResultsForViewer } from "@/lib/db/quiz-history";
import { NotFoundError } from "@/lib/errors";
import { idSchema } from "@/lib/quiz/schemas";

type Props = { params: Promise<{ attemptId: string }> };

// One load per request, shared by the metadata and the page.
const load = cache(async (attemptId: string) => {
  const viewer = await requireRole("STUDENT", `/quizzes/${encodeURIComponent(attemptId)}/results`);
  if (!idSchema.safeParse(attemptId).success) notFound();
  try {
    return await getResultsForViewer(viewer, attemptId);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const results = await load((await params).attemptId);
  return { title: results ? `Results: ${results.title}` : "Quiz" };
}

export default async function QuizResultsPage({ params }: Props) {
  const { attemptId } = await params;
  const results = await load(attemptId);
  // Still in progress: the results come when it is finished.
  if (!results) redirect(`/quizzes/${attemptId}`);
  return <QuizResults results={results} />;
}
