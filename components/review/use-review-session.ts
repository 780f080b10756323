"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import type { GradeResponse, ReviewSessionDto, UndoResponse } from "@/lib/review/api-schema";
import {
  answerDurationMs,
  initialScreenState,
  isRetryable,
  retryDelayMs,
  screenReducer,
  type ScreenAction,
  type ScreenState,
} from "@/lib/review/session-state";
import type { Rating } from "@/lib/srs/memory-state";
import { ratingName } from "@/lib/srs/ratings";

type Sent<T> = { ok: true; data: T } | { ok: false; status: number | null; error: string };

const MAX_ATTEMPTS = 5;
/** A grade answers with its outcome only; the next slice is fetched when this few cards are left (or sooner). */
const REFILL_AT = 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a request, retrying network failures and 5xx answers with the same body (grades carry their event id,
 * so a retry never grades twice). 4xx answers are final and carry the server's message.
 */
async function send<T>(url: string, body?: unknown): Promise<Sent<T>> {
  for (let attempt = 1; ; attempt++) {
    let status: number | null = null;
    try {
      const response = await fetch(url, {
        method: body === undefined ? "GET" : "POST",
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
      });
      status = response.status;
      const json = (await response.json().catch(() => null)) as { ok?: boolean; data?: T; error?: string } | null;
      if (response.ok && json?.ok) return { ok: true, data: json.data as T };
      if (!isRetryable(status) || attempt >= MAX_ATTEMPTS) {
        return { ok: false, status, error: json?.error ?? "Something went wrong. Please try again." };
      }
    } catch {
      if (attempt >= MAX_ATTEMPTS) {
        return { ok: false, status: null, error: "You seem to be offline. Your grade was not saved; try again." };
      }
    }
    await sleep(retryDelayMs(attempt));
  }
}

/**
 * The review screen's behaviour: optimistic grading and undo over the pure reducer, requests sent one after
 * another in the order the learner acted, and a refresh when a learning card falls due.
 */
export function useReviewSession(initial: ReviewSessionDto) {
  // The ref is the source of truth so that two key presses within one render cannot grade the same card twice.
  const [state, setState] = useState<ScreenState>(() => initialScreenState(initial));
  const ref = useRef<ScreenState>(state);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const chain = useRef<Promise<void>>(Promise.resolve());
  const logIds = useRef(new Map<string, Promise<string | null>>());
  const shownAt = useRef(0);
  const currentId = state.cards[0]?.cardId;

  const apply = useCallback((action: ScreenAction) => {
    ref.current = screenReducer(ref.current, action);
    setState(ref.current);
  }, []);

  // Requests not yet answered (grades, undos, refreshes): the screen says "Saving…" and guards page exits.
  const [inFlight, setInFlight] = useState(0);
  const enqueue = useCallback((task: () => Promise<void>) => {
    setInFlight((n) => n + 1);
    const run = () => task().finally(() => setInFlight((n) => n - 1));
    chain.current = chain.current.then(run, run);
  }, []);

  const saving = inFlight > 0;
  useEffect(() => {
    if (!saving) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [saving]);

  useEffect(() => {
    shownAt.current = performance.now();
  }, [currentId]);

  // A server refresh (router.refresh() after adding cards) brings a new session: merge it in.
  const firstInitial = useRef(initial);
  useEffect(() => {
    if (initial !== firstInitial.current) apply({ type: "refreshed", session: initial });
  }, [initial, apply]);

  const refresh = useCallback(() => {
    enqueue(async () => {
      const result = await send<ReviewSessionDto>("/api/reviews");
      if (result.ok) apply({ type: "refreshed", session: result.data });
    });
  }, [apply, enqueue]);

  const reveal = useCallback(() => {
    if (ref.current.revealed || ref.current.cards.length === 0) return;
    apply({ type: "reveal" });
    setAnnouncement("Answer shown. Grade it with 1 to 4.");
  }, [apply]);

  const grade = useCallback(
    (rating: Rating) => {
      const current = ref.current;
      const card = current.cards[0];
      if (!card || !current.revealed) return;
      const entry = { clientEventId: crypto.randomUUID(), card, rating, logId: null };
      const durationMs = answerDurationMs(shownAt.current, performance.now());
      let settle: (logId: string | null) => void = () => {};
      logIds.current.set(entry.clientEventId, new Promise((resolve) => (settle = resolve)));
      apply({ type: "graded", entry });
      setError(null);
      const interval = card.previews.find((p) => p.rating === rating)?.label;
      setAnnouncement(`${ratingName(rating)}${interval ? `: again in ${interval}` : ""}.`);
      enqueue(async () => {
        const result = await send<GradeResponse>("/api/reviews", {
          cardId: card.cardId,
          rating,
          clientEventId: entry.clientEventId,
          durationMs,
        });
        if (result.ok) {
          settle(result.data.outcome.logId);
          // The screen's own queue stands (its counts already moved when the card was graded).
          const known = ref.current;
          const session = { ...known.meta, cards: known.cards };
          apply({ type: "confirmed", clientEventId: entry.clientEventId, logId: result.data.outcome.logId, session });
          // The server's queue knows what comes next when the screen runs low, and when this grade may have
          // reordered it: a first grade starts a concept (its dependents move up) and a learning card comes back
          // later today. A review that stays a review, the bulk of a large collection's day, changes neither.
          const settled = card.kind === "review" && result.data.outcome.stateAfter === "REVIEW";
          if (!settled || ref.current.cards.length <= REFILL_AT) {
            const fresh = await send<ReviewSessionDto>("/api/reviews");
            if (fresh.ok) apply({ type: "refreshed", session: fresh.data });
          }
        } else {
          settle(null);
          apply({ type: "failed", clientEventId: entry.clientEventId });
          setError(result.error);
        }
      });
    },
    [apply, enqueue],
  );

  const undo = useCallback(() => {
    const last = ref.current.history.at(-1);
    if (!last) return;
    apply({ type: "undo" });
    setError(null);
    setAnnouncement(`Grade undone. The card is back.`);
    // The undo is an event of its own: its id goes with every retry, so a retried request undoes once.
    const clientEventId = crypto.randomUUID();
    enqueue(async () => {
      const logId = await logIds.current.get(last.clientEventId);
      if (!logId) return;
      const result = await send<UndoResponse>("/api/reviews/undo", { logId, clientEventId });
      if (result.ok) {
        apply({ type: "undone", card: result.data.card, session: result.data.session });
      } else {
        setError(result.error);
        const fresh = await send<ReviewSessionDto>("/api/reviews");
        if (fresh.ok) apply({ type: "refreshed", session: fresh.data });
      }
    });
  }, [apply, enqueue]);

  // When only learning cards remain, come back for them as they fall due (Anki makes the learner wait too).
  const nextLearningDue = state.meta.nextLearningDue;
  const empty = state.cards.length === 0;
  useEffect(() => {
    if (!empty || !nextLearningDue) return;
    const wait = new Date(nextLearningDue).getTime() - Date.now() + 500;
    if (wait > 30 * 60_000) return;
    const timer = setTimeout(refresh, Math.max(0, wait));
    return () => clearTimeout(timer);
  }, [empty, nextLearningDue, refresh]);

  return { state, error, announcement, saving, reveal, grade, undo, refresh, dismissError: () => setError(null) };
}
