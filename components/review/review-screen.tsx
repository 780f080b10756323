"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

import { buttonClass, FormError, secondaryButtonClass } from "@/components/ui/field";
import type { ReviewSessionDto } from "@/lib/review/api-schema";
import { isRating } from "@/lib/srs/memory-state";

import { AnswerButtons } from "./answer-buttons";
import { ReviewCardView } from "./review-card-view";
import { ReviewCounts } from "./review-counts";
import { AllDone, EmptyCollection, type AddFoundations } from "./review-empty";
import { useReviewSession } from "./use-review-session";

/** True when a key press belongs to a text field or a modified shortcut, not to the review screen. */
function ignoredTarget(event: KeyboardEvent): boolean {
  if (event.altKey || event.ctrlKey || event.metaKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Today's review: the card, reveal (Space or Enter), grade (1-4 or the buttons, each showing its next
 * interval), undo (U), with counts and progress. Grades are sent in the background; the next card is
 * already on screen.
 */
export function ReviewScreen({
  initial,
  addFoundations,
  foundationsCount,
}: {
  initial: ReviewSessionDto;
  addFoundations: AddFoundations;
  foundationsCount: number;
}) {
  const { state, error, announcement, saving, reveal, grade, undo, dismissError } = useReviewSession(initial);
  const card = state.cards[0];
  const revealRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (ignoredTarget(event) || event.repeat) return;
      const onButton = (event.target as HTMLElement | null)?.tagName === "BUTTON" || (event.target as HTMLElement | null)?.tagName === "A";
      if (event.key === " " || event.key === "Enter") {
        // A focused button or link keeps its own Space/Enter; elsewhere they reveal.
        if (onButton) return;
        if (!state.revealed && card) {
          event.preventDefault();
          reveal();
        }
        return;
      }
      if (event.key === "u" || event.key === "U") {
        event.preventDefault();
        undo();
        return;
      }
      const n = Number(event.key);
      if (isRating(n) && state.revealed) {
        event.preventDefault();
        grade(n);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [state.revealed, card, reveal, grade, undo]);

  // Keep keyboard focus on the screen's own controls as cards change, so Tab/Enter keep working.
  useEffect(() => {
    if (card && !state.revealed && document.activeElement?.tagName === "BUTTON") revealRef.current?.focus();
  }, [card, state.revealed]);

  const canUndo = state.history.length > 0;
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Today</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {state.meta.reviewedToday} answered today
            <span data-testid="save-state" className="ml-2 text-xs">
              {saving ? "· Saving…" : state.history.length > 0 ? "· All grades saved" : ""}
            </span>
          </p>
        </div>
        <nav aria-label="Review" className="flex gap-2 text-sm">
          <Link href="/stats" className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800">
            Stats
          </Link>
          <Link href="/settings" className="rounded-md px-2 py-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800">
            Settings
          </Link>
        </nav>
      </div>

      {state.meta.collectionSize > 0 || card ? <ReviewCounts counts={state.meta.counts} done={state.done} /> : null}

      <p className="sr-only" aria-live="polite" role="status">
        {announcement}
      </p>
      {error ? (
        <div className="flex items-start gap-2">
          <div className="flex-1">
            <FormError message={error} />
          </div>
          <button type="button" onClick={dismissError} className={secondaryButtonClass}>
            Dismiss
          </button>
        </div>
      ) : null}

      {card ? (
        <>
          <ReviewCardView key={card.cardId} card={card} revealed={state.revealed} />
          <div className="min-h-16">
            {state.revealed ? (
              <AnswerButtons previews={card.previews} onGrade={grade} />
            ) : (
              <button
                ref={revealRef}
                type="button"
                onClick={reveal}
                aria-keyshortcuts="Space Enter"
                className={`${buttonClass} min-h-14 w-full text-base`}
              >
                Show answer <span className="ml-2 text-xs font-normal opacity-80">Space</span>
              </button>
            )}
          </div>
        </>
      ) : state.meta.collectionSize === 0 && state.done === 0 ? (
        <EmptyCollection addFoundations={addFoundations} foundationsCount={foundationsCount} />
      ) : (
        <AllDone meta={state.meta} done={state.done} />
      )}

      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600 dark:text-slate-400">
        <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="U" className={secondaryButtonClass}>
          Undo last grade <span className="ml-2 text-xs opacity-70">U</span>
        </button>
        <p className="hidden sm:block">
          <kbd className="font-mono">Space</kbd> show · <kbd className="font-mono">1</kbd>–<kbd className="font-mono">4</kbd> grade ·{" "}
          <kbd className="font-mono">U</kbd> undo
        </p>
      </div>
    </div>
  );
}
