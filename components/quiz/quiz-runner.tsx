"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent } from "react";

import { buttonClass, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { AnswerResult, AttemptItem, AttemptView, SubmitResult } from "@/lib/db/quizzes";
import { parseNumericInput } from "@/lib/quiz/schemas";
import type { QuizResponse } from "@/lib/quiz/types";

import { postQuiz } from "./api";
import { MovedCards } from "./moved-cards";
import { emptyDraft, isDraftEmpty, pick, QuestionInput, type Draft } from "./question-input";
import { QuestionReview } from "./question-review";

const storageKey = (attemptId: string) => `deepcards:quiz:${attemptId}`;

/** The saved answers of an attempt as stored text (a string, so React can compare snapshots), or null. */
function readSaved(attemptId: string): string | null {
  try {
    return window.localStorage.getItem(storageKey(attemptId));
  } catch {
    // Storage may be unavailable (private mode); the quiz still works without it.
    return null;
  }
}

function parseDrafts(text: string | null): Record<string, Draft> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, Draft>) : {};
  } catch {
    return {};
  }
}

const noSubscription = () => () => {};

/** A draft as the response the server grades; null when a number field holds something that is not a number. */
function toResponse(draft: Draft): QuizResponse | null {
  if ("choices" in draft) return { choices: draft.choices };
  if (draft.text.trim() === "") return { value: null };
  const value = parseNumericInput(draft.text);
  return value === null ? null : { value };
}

/** True when the key press is meant for a text field, not for the quiz shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && !["radio", "checkbox"].includes(target.type)) ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * Taking a quiz, one question at a time. Step by step: each answer is graded on the server at once and its
 * review, explanation and moved cards are shown before the next question. At the end: answers are kept in this
 * browser (so a reload keeps them) until they are submitted together. Number keys pick options, Enter answers
 * or moves on.
 */
export function QuizRunner({ attempt }: { attempt: AttemptView }) {
  const router = useRouter();
  const step = attempt.mode === "STEP";
  const [items, setItems] = useState<AttemptItem[]>(attempt.items);
  const firstOpen = attempt.items.findIndex((i) => i.review === null);
  const [index, setIndex] = useState(firstOpen < 0 ? Math.max(0, attempt.items.length - 1) : firstOpen);
  // Answers of a quiz graded at the end survive a reload: they live in this browser until submitted. The server
  // render has none; the browser's saved ones appear after hydration.
  const savedText = useSyncExternalStore(noSubscription, () => (step ? null : readSaved(attempt.id)), () => null);
  const [edited, setEdited] = useState<Record<string, Draft> | null>(null);
  const drafts = useMemo(() => edited ?? parseDrafts(savedText), [edited, savedText]);
  const [finished, setFinished] = useState(firstOpen < 0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; resultsLink?: boolean } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const shownAt = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const numericRef = useRef<HTMLInputElement>(null);
  const pendingRef = useRef(false);

  const item = items[index];
  const total = items.length;
  const draft = item ? (drafts[item.question.id] ?? emptyDraft(item.question)) : null;
  const resultsHref = `/quizzes/${attempt.id}/results`;

  const updateDraft = useCallback(
    (questionId: string, next: Draft) => {
      setEdited((all) => {
        const updated = { ...(all ?? parseDrafts(savedText)), [questionId]: next };
        if (!step) {
          try {
            window.localStorage.setItem(storageKey(attempt.id), JSON.stringify(updated));
          } catch {
            // See above: storage is optional.
          }
        }
        return updated;
      });
      setConfirming(false);
    },
    [attempt.id, savedText, step],
  );

  // A new question: start its clock, and put focus where the learner answers it.
  useEffect(() => {
    shownAt.current = performance.now();
    if (item?.question.kind === "NUMERIC" && !item.review) numericRef.current?.focus();
    else headingRef.current?.focus();
    // Only when the question changes, not on every draft edit.
  }, [index]); // eslint-disable-line react-hooks/exhaustive-deps

  const answerCurrent = useCallback(async () => {
    if (!item || !draft || pendingRef.current) return;
    const response = toResponse(draft);
    if (response === null) {
      setError({ message: "Enter a number, like 16, 0.5 or 1e-3." });
      return;
    }
    if (isDraftEmpty(draft)) {
      setError({ message: item.question.kind === "NUMERIC" ? "Enter a number first." : "Choose an answer first." });
      return;
    }
    pendingRef.current = true;
    setPending(true);
    setError(null);
    const durationMs = Math.min(86_400_000, Math.max(0, Math.round(performance.now() - shownAt.current)));
    const result = await postQuiz<AnswerResult>(`/api/quizzes/${attempt.id}/answers`, {
      questionId: item.question.id,
      response,
      durationMs,
    });
    pendingRef.current = false;
    setPending(false);
    if (!result.ok) {
      setError({ message: result.error, resultsLink: result.status === 409 });
      return;
    }
    const { review, moved } = result.data;
    setItems((all) => all.map((it, i) => (i === index ? { ...it, review: { ...review, moved } } : it)));
    setFinished(result.data.finished);
    setAnnouncement(review.correct ? "Correct." : "Not quite. The right answer and the explanation follow.");
    requestAnimationFrame(() => feedbackRef.current?.focus());
  }, [attempt.id, draft, index, item]);

  const submitAll = useCallback(
    async (force: boolean) => {
      if (pendingRef.current) return;
      const answers: { questionId: string; response: QuizResponse }[] = [];
      for (const [i, it] of items.entries()) {
        const d = drafts[it.question.id];
        if (!d || isDraftEmpty(d)) continue;
        const response = toResponse(d);
        if (response === null) {
          setIndex(i);
          setError({ message: `Question ${i + 1}: enter a number, like 16, 0.5 or 1e-3.` });
          return;
        }
        answers.push({ questionId: it.question.id, response });
      }
      if (answers.length < items.length && !force) {
        setConfirming(true);
        return;
      }
      pendingRef.current = true;
      setPending(true);
      setError(null);
      const result = await postQuiz<SubmitResult>(`/api/quizzes/${attempt.id}/submit`, { answers });
      if (!result.ok) {
        pendingRef.current = false;
        setPending(false);
        setConfirming(false);
        setError({ message: result.error, resultsLink: result.status === 409 });
        return;
      }
      try {
        window.localStorage.removeItem(storageKey(attempt.id));
      } catch {
        // Storage is optional.
      }
      router.push(resultsHref);
    },
    [attempt.id, drafts, items, resultsHref, router],
  );

  const goTo = useCallback((i: number) => {
    setError(null);
    setConfirming(false);
    setIndex(i);
  }, []);

  const nextOpen = useCallback(() => {
    const after = items.findIndex((it, i) => i > index && it.review === null);
    const any = items.findIndex((it) => it.review === null);
    goTo(after >= 0 ? after : any >= 0 ? any : Math.min(index + 1, total - 1));
  }, [goTo, index, items, total]);

  /** What Enter does: answer, or go on. */
  const primary = useCallback(() => {
    if (!item) return;
    if (step) {
      if (!item.review) void answerCurrent();
      else if (finished) router.push(resultsHref);
      else nextOpen();
    } else if (index < total - 1) {
      goTo(index + 1);
    } else {
      void submitAll(confirming);
    }
  }, [answerCurrent, confirming, finished, goTo, index, item, nextOpen, resultsHref, router, step, submitAll, total]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || !item || !draft) return;
      const target = event.target;
      if (/^[1-9]$/.test(event.key) && !isTyping(target)) {
        if (item.question.kind === "NUMERIC" || item.review || pending) return;
        const i = Number(event.key) - 1;
        if (i < item.question.options.length) {
          event.preventDefault();
          updateDraft(item.question.id, pick(item.question, draft, i));
        }
        return;
      }
      if (event.key === "Enter" && !isTyping(target)) {
        // Buttons and links handle Enter themselves; a radio or checkbox must not submit a form natively too.
        if (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) return;
        event.preventDefault();
        primary();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [draft, item, pending, primary, updateDraft]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    primary();
  }

  if (!item || !draft) {
    return <p>This quiz has no questions left: they were removed from the course.</p>;
  }

  const answeredCount = step ? items.filter((i) => i.review).length : items.filter((i) => !isDraftEmpty(drafts[i.question.id])).length;

  return (
    <div className="space-y-5">
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600 dark:text-slate-400">
        <span>
          {step ? "Feedback after each question" : "Graded at the end"} · {answeredCount} of {total} answered
        </span>
        <span>Keys: 1–9 choose, Enter {step ? "answers / next" : "next / submit"}</span>
      </div>
      {!step && total > 1 && (
        <nav aria-label="Questions" className="flex flex-wrap gap-1.5">
          {items.map((it, i) => {
            const done = !isDraftEmpty(drafts[it.question.id]);
            return (
              <button
                key={it.question.id}
                type="button"
                onClick={() => goTo(i)}
                aria-current={i === index ? "step" : undefined}
                aria-label={`Question ${i + 1}${done ? ", answered" : ""}`}
                className="size-9 rounded-md border border-slate-300 text-sm tabular-nums aria-[current=step]:border-brand-600 aria-[current=step]:font-bold dark:border-slate-700 data-[done=true]:bg-brand-50 dark:data-[done=true]:bg-slate-800"
                data-done={done}
              >
                {i + 1}
              </button>
            );
          })}
        </nav>
      )}

      <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
        <h2 ref={headingRef} tabIndex={-1} className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Question {index + 1} of {total}
        </h2>
        {item.review ? (
          <div ref={feedbackRef} tabIndex={-1} className="space-y-4">
            <QuestionReview review={item.review} />
            <MovedCards cards={item.review.moved} />
          </div>
        ) : (
          <QuestionInput
            question={item.question}
            draft={draft}
            onChange={(d) => updateDraft(item.question.id, d)}
            disabled={pending}
            numericRef={numericRef}
          />
        )}

        {error && (
          <div className="space-y-1">
            <FormError message={error.message} />
            {error.resultsLink && (
              <Link href={resultsHref} className="text-sm text-brand-600 underline dark:text-brand-100">
                See the results
              </Link>
            )}
          </div>
        )}

        {confirming && (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            {total - answeredCount} of {total} questions have no answer and will count as wrong. Submit anyway?
          </p>
        )}

        <div className="flex flex-wrap items-center gap-3">
          {step ? (
            item.review ? (
              finished ? (
                <Link href={resultsHref} className={buttonClass} autoFocus>
                  See your results
                </Link>
              ) : (
                <button type="button" className={buttonClass} onClick={nextOpen}>
                  Next question
                </button>
              )
            ) : (
              <button type="submit" className={buttonClass} disabled={pending}>
                {pending ? "Checking…" : "Check answer"}
              </button>
            )
          ) : (
            <>
              <button type="button" className={secondaryButtonClass} onClick={() => goTo(index - 1)} disabled={index === 0 || pending}>
                Previous
              </button>
              {index < total - 1 && (
                <button type="button" className={secondaryButtonClass} onClick={() => goTo(index + 1)} disabled={pending}>
                  Next
                </button>
              )}
              <button type="button" className={buttonClass} onClick={() => void submitAll(confirming)} disabled={pending}>
                {pending ? "Submitting…" : confirming ? "Submit anyway" : "Submit answers"}
              </button>
              {confirming && (
                <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
                  Keep answering
                </button>
              )}
            </>
          )}
        </div>
      </form>
    </div>
  );
}
