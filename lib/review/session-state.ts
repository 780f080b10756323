import type { QueueKind, Rating } from "@/lib/srs";

import type { ReviewCardDto, ReviewSessionDto } from "./api-schema";

/**
 * The review screen's state, as a pure reducer. The screen is optimistic: a grade shows the next card at
 * once and the request follows; each response carries the server's queue, which is merged so that the card
 * the learner is looking at never changes under them and cards graded but not yet confirmed never come back.
 */

export type SessionMeta = Omit<ReviewSessionDto, "cards">;

/** A grade given in this session, kept so it can be undone. */
export interface GradedEntry {
  clientEventId: string;
  card: ReviewCardDto;
  rating: Rating;
  /** Known once the server has answered. */
  logId: string | null;
}

export interface ScreenState {
  /** The queue as the screen knows it; `cards[0]` is on screen. */
  cards: ReviewCardDto[];
  meta: SessionMeta;
  revealed: boolean;
  /** Grades sent but not yet answered, by event id (their cards must not reappear from a stale slice). */
  pending: GradedEntry[];
  /** Confirmed and pending grades of this session, newest last. */
  history: GradedEntry[];
  /** Cards graded in this session (minus undone ones), for the progress bar. */
  done: number;
}

export type ScreenAction =
  | { type: "reveal" }
  | { type: "graded"; entry: GradedEntry }
  | { type: "confirmed"; clientEventId: string; logId: string; session: ReviewSessionDto }
  | { type: "failed"; clientEventId: string }
  | { type: "undo" }
  | { type: "undone"; card: ReviewCardDto | null; session: ReviewSessionDto }
  | { type: "refreshed"; session: ReviewSessionDto };

function splitSession(session: ReviewSessionDto): { cards: ReviewCardDto[]; meta: SessionMeta } {
  const { cards, ...meta } = session;
  return { cards, meta };
}

export function initialScreenState(session: ReviewSessionDto): ScreenState {
  const { cards, meta } = splitSession(session);
  return { cards, meta, revealed: false, pending: [], history: [], done: 0 };
}

function withCount(counts: Record<QueueKind, number>, kind: QueueKind, delta: number): Record<QueueKind, number> {
  return { ...counts, [kind]: Math.max(0, counts[kind] + delta) };
}

/**
 * The server's queue merged with what the screen knows: cards of pending grades are dropped (and their counts
 * taken off), and the card on screen stays first.
 */
function merge(state: ScreenState, session: ReviewSessionDto, pending: GradedEntry[]): Pick<ScreenState, "cards" | "meta"> {
  const { cards: serverCards, meta } = splitSession(session);
  const hidden = new Set(pending.map((p) => p.card.cardId));
  let counts = meta.counts;
  for (const p of pending) if (serverCards.some((c) => c.cardId === p.card.cardId)) counts = withCount(counts, p.card.kind, -1);
  const cards = serverCards.filter((c) => !hidden.has(c.cardId));
  const current = state.cards[0];
  if (current && !hidden.has(current.cardId)) {
    // The server's counts cover its whole queue, so they already include the card on screen.
    return { cards: [current, ...cards.filter((c) => c.cardId !== current.cardId)], meta: { ...meta, counts } };
  }
  return { cards, meta: { ...meta, counts } };
}

export function screenReducer(state: ScreenState, action: ScreenAction): ScreenState {
  switch (action.type) {
    case "reveal":
      return state.cards.length > 0 ? { ...state, revealed: true } : state;
    case "graded": {
      const { entry } = action;
      if (state.cards[0]?.cardId !== entry.card.cardId) return state;
      return {
        ...state,
        cards: state.cards.slice(1),
        meta: { ...state.meta, counts: withCount(state.meta.counts, entry.card.kind, -1) },
        revealed: false,
        pending: [...state.pending, entry],
        history: [...state.history, entry],
        done: state.done + 1,
      };
    }
    case "confirmed": {
      const pending = state.pending.filter((p) => p.clientEventId !== action.clientEventId);
      const history = state.history.map((h) => (h.clientEventId === action.clientEventId ? { ...h, logId: action.logId } : h));
      return { ...state, ...merge(state, action.session, pending), pending, history };
    }
    case "failed": {
      // The grade was refused: it never happened. Its card returns to the front.
      const failed = state.pending.find((p) => p.clientEventId === action.clientEventId);
      if (!failed) return state;
      return {
        ...state,
        cards: [failed.card, ...state.cards.filter((c) => c.cardId !== failed.card.cardId)],
        meta: { ...state.meta, counts: withCount(state.meta.counts, failed.card.kind, 1) },
        revealed: false,
        pending: state.pending.filter((p) => p.clientEventId !== action.clientEventId),
        history: state.history.filter((h) => h.clientEventId !== action.clientEventId),
        done: Math.max(0, state.done - 1),
      };
    }
    case "undo": {
      // Optimistic: the last graded card is back on screen at once; the server's answer follows.
      const last = state.history.at(-1);
      if (!last) return state;
      return {
        ...state,
        cards: [last.card, ...state.cards.filter((c) => c.cardId !== last.card.cardId)],
        meta: { ...state.meta, counts: withCount(state.meta.counts, last.card.kind, 1) },
        revealed: false,
        history: state.history.slice(0, -1),
        done: Math.max(0, state.done - 1),
      };
    }
    case "undone": {
      const merged = merge(state, action.session, state.pending);
      if (!action.card) return { ...state, ...merged };
      // Fresh previews for the card that came back; it stays first.
      const card = action.card;
      const cards = merged.cards.map((c) => (c.cardId === card.cardId ? card : c));
      return { ...state, ...merged, cards: cards[0]?.cardId === card.cardId ? cards : [card, ...cards.filter((c) => c.cardId !== card.cardId)] };
    }
    case "refreshed":
      return { ...state, ...merge(state, action.session, state.pending) };
  }
}

/** The answer time sent with a grade: from when the card appeared, capped so a forgotten tab does not count. */
export function answerDurationMs(shownAt: number, gradedAt: number): number {
  return Math.max(0, Math.min(Math.round(gradedAt - shownAt), 10 * 60_000));
}

/** Whether a failed request is worth sending again with the same event id (network trouble or a 5xx). */
export function isRetryable(status: number | null): boolean {
  return status === null || status >= 500 || status === 429;
}

/** Delay before retry `attempt` (1-based): 0.5 s, 1 s, 2 s, 4 s. */
export function retryDelayMs(attempt: number): number {
  return 500 * 2 ** Math.max(0, attempt - 1);
}
