"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import type { StartQuizInput } from "@/lib/quiz/schemas";

import { postQuiz } from "./api";

/** Starts an attempt on the server and opens it; `error` says why it could not start. */
export function useStartQuiz() {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(input: StartQuizInput, label: string) {
    if (pending) return;
    setPending(label);
    setError(null);
    const result = await postQuiz<{ id: string }>("/api/quizzes", input);
    if (result.ok) {
      router.push(`/quizzes/${result.data.id}`);
      return;
    }
    setPending(null);
    setError(result.fieldErrors ? Object.values(result.fieldErrors).flat().join(" ") || result.error : result.error);
  }

  return { start, pending, error };
}
