import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";

import { StartConceptQuiz } from "@/components/quiz/start-concept-quiz";
import { requireRole } from "@/lib/auth/session";
import { KEY_PATTERN } from "@/lib/content/schema";
import { conceptQuizInfo } from "@/lib/db/quiz-history";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Start a quiz" };

type Props = { searchParams: Promise<{ concept?: string | string[]; mode?: string | string[] }> };

/**
 * `/quizzes/new?concept=<key>&mode=step|end`: the start screen of a concept's quiz. Showing it writes nothing;
 * the attempt is created by the Start button's POST.
 */
export default async function NewQuizPage({ searchParams }: Props) {
  const params = await searchParams;
  const key = typeof params.concept === "string" ? params.concept : "";
  const viewer = await requireRole("STUDENT", `/quizzes/new?concept=${encodeURIComponent(key)}`);
  if (!key) redirect("/quizzes");
  if (!KEY_PATTERN.test(key)) notFound();
  let info;
  try {
    info = await conceptQuizInfo(viewer, key);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const mode = params.mode === "end" ? "END" : "STEP";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <header className="space-y-2">
        <Link href={`/concepts/${encodeURIComponent(info.key)}`} className="text-sm text-brand-600 underline-offset-2 hover:underline dark:text-brand-100">
          ← {info.title}
        </Link>
        <h1 className="text-2xl font-bold">Quiz: {info.title}</h1>
      </header>
      <StartConceptQuiz conceptKey={info.key} questionCount={info.questionCount} initialMode={mode} inProgressId={info.inProgressId} />
    </div>
  );
}
