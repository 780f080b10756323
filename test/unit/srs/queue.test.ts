import { describe, expect, it } from "vitest";
import { buildQueue, type BuildQueueInput, type QueueCandidate } from "@/lib/srs/queue";
import { newMemoryState, type MemoryState } from "@/lib/srs/memory-state";
import { SrsError } from "@/lib/srs/errors";

const NOW = new Date("2026-03-02T15:00:00Z");
const DAY_WINDOW = { start: new Date("2026-03-02T09:00:00Z"), end: new Date("2026-03-03T09:00:00Z") };
const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (ms: number): Date => new Date(NOW.getTime() + ms);

function learning(id: string, dueIn: number, state: "LEARNING" | "RELEARNING" = "LEARNING"): QueueCandidate {
  const memory: MemoryState = {
    ...newMemoryState(NOW),
    state,
    due: at(dueIn),
    stability: 0.5,
    difficulty: 5,
    reps: 1,
    lastReview: at(dueIn - 10 * MINUTE),
  };
  return { cardId: id, conceptKey: "c", memory, order: 0 };
}

/** A review card last seen `daysAgo` days ago with stability `stability`, due `dueIn` from now. */
function review(id: string, daysAgo: number, stability: number, dueIn = -MINUTE): QueueCandidate {
  const memory: MemoryState = {
    ...newMemoryState(NOW),
    state: "REVIEW",
    due: at(dueIn),
    stability,
    difficulty: 5,
    scheduledDays: Math.round(stability),
    reps: 3,
    lastReview: at(-daysAgo * DAY),
  };
  return { cardId: id, conceptKey: "c", memory, order: 0 };
}

function fresh(id: string, conceptKey: string, order: number, inCollection = false): QueueCandidate {
  return { cardId: id, conceptKey, memory: inCollection ? newMemoryState(NOW) : null, order };
}

function input(candidates: QueueCandidate[], patch: Partial<BuildQueueInput> = {}): BuildQueueInput {
  return {
    candidates,
    now: NOW,
    day: DAY_WINDOW,
    newPerDay: 20,
    maxReviewsPerDay: 200,
    newIntroducedToday: 0,
    reviewsDoneToday: 0,
    startedConcepts: new Set(),
    prerequisites: new Map(),
    ...patch,
  };
}

const ids = (queue: ReturnType<typeof buildQueue>): string[] => queue.items.map((item) => item.cardId);

describe("buildQueue", () => {
  it("serves learning cards due now first (by due), then reviews, then new cards", () => {
    const queue = buildQueue(
      input([
        fresh("n1", "a", 1),
        review("r1", 3, 2),
        learning("l2", -1 * MINUTE, "RELEARNING"),
        learning("l1", -5 * MINUTE),
      ]),
    );
    expect(ids(queue)).toEqual(["l1", "l2", "r1", "n1"]);
    expect(queue.items.map((item) => item.kind)).toEqual(["learning", "learning", "review", "new"]);
    expect(queue.counts).toEqual({ learning: 2, review: 1, new: 1 });
  });

  it("leaves out learning cards not due yet and reports when the next one is due", () => {
    const queue = buildQueue(input([learning("later", 8 * MINUTE), learning("sooner", 3 * MINUTE), learning("tomorrow", DAY)]));
    expect(queue.items).toEqual([]);
    expect(queue.nextLearningDue).toEqual(at(3 * MINUTE));
    expect(buildQueue(input([learning("now", 0)])).nextLearningDue).toBeNull();
  });

  it("includes review cards due before the study day ends, lowest retrievability first", () => {
    const queue = buildQueue(
      input([
        review("mild", 2, 4), // t/S = 0.5
        review("later-today", 1, 10, 6 * 3600_000), // due this evening, t/S = 0.1
        review("tomorrow", 1, 10, 20 * 3600_000), // due after the day ends: not today
        review("very", 30, 3), // t/S = 10
        review("some", 6, 3), // t/S = 2
      ]),
    );
    expect(ids(queue)).toEqual(["very", "some", "mild", "later-today"]);
  });

  it("caps reviews and new cards by the reviews left today, dropping the least urgent, never learning cards", () => {
    const candidates = [
      learning("l1", -MINUTE),
      learning("l2", -2 * MINUTE),
      review("a", 10, 1),
      review("b", 5, 1),
      review("c", 1, 1),
      fresh("n1", "x", 1),
    ];
    const queue = buildQueue(input(candidates, { maxReviewsPerDay: 10, reviewsDoneToday: 8 }));
    expect(ids(queue)).toEqual(["l2", "l1", "a", "b"]);
    expect(queue.counts).toEqual({ learning: 2, review: 2, new: 0 });

    // Reviews leave one slot: one new card gets it.
    expect(ids(buildQueue(input(candidates, { maxReviewsPerDay: 10, reviewsDoneToday: 6 })))).toEqual([
      "l2",
      "l1",
      "a",
      "b",
      "c",
      "n1",
    ]);
    // Over the cap already: learning cards only.
    expect(ids(buildQueue(input(candidates, { maxReviewsPerDay: 10, reviewsDoneToday: 25 })))).toEqual(["l2", "l1"]);
  });

  it("limits new cards to what is left of the daily allowance", () => {
    const candidates = Array.from({ length: 30 }, (_, i) => fresh(`n${String(i).padStart(2, "0")}`, "x", i));
    const full = buildQueue(input(candidates, { newPerDay: 10 }));
    expect(full.counts.new).toBe(10);
    expect(ids(full)).toEqual(candidates.slice(0, 10).map((c) => c.cardId));

    const partlyUsed = buildQueue(input(candidates, { newPerDay: 10, newIntroducedToday: 7 }));
    expect(ids(partlyUsed)).toEqual(["n00", "n01", "n02"]);

    expect(buildQueue(input(candidates, { newPerDay: 10, newIntroducedToday: 12 })).counts.new).toBe(0);
  });

  it("orders new cards: prerequisites all started first, then course order", () => {
    const prerequisites = new Map<string, string[]>([
      ["backprop", ["chain-rule", "gradients"]],
      ["gradients", ["chain-rule"]],
      ["adam", ["momentum"]],
    ]);
    const startedConcepts = new Set(["chain-rule"]);
    const queue = buildQueue(
      input(
        [
          fresh("backprop-1", "backprop", 1), // needs gradients, not started
          fresh("adam-1", "adam", 2), // needs momentum, not started
          fresh("gradients-1", "gradients", 5), // ready
          fresh("chain-1", "chain-rule", 4, true), // no prerequisites: ready (a NEW row in the collection)
          fresh("intro-1", "intro", 9), // ready
        ],
        { prerequisites, startedConcepts },
      ),
    );
    expect(ids(queue)).toEqual(["chain-1", "gradients-1", "intro-1", "backprop-1", "adam-1"]);
    expect(queue.items.every((item) => item.kind === "new")).toBe(true);
  });

  // Speed is measured by `npm run bench:review`, not asserted here.
  it("is deterministic on ties for thousands of candidates", () => {
    const candidates: QueueCandidate[] = [];
    for (let i = 0; i < 4000; i++) {
      if (i % 4 === 0) candidates.push(fresh(`n${i}`, `k${i % 50}`, i % 97));
      else if (i % 4 === 1) candidates.push(learning(`l${i}`, -((i % 13) * MINUTE)));
      else candidates.push(review(`r${i}`, 1 + (i % 17), 1 + (i % 5)));
    }
    const options = { maxReviewsPerDay: 1500, newPerDay: 100, startedConcepts: new Set(["k1", "k2"]) };
    const queue = buildQueue(input(candidates, options));
    expect(queue.counts).toEqual({ learning: 1000, review: 1500, new: 0 });
    const reversed = buildQueue(input([...candidates].reverse(), options));
    expect(ids(reversed)).toEqual(ids(queue));
  });

  it("rejects negative or non-numeric limits", () => {
    expect(() => buildQueue(input([], { newPerDay: -1 }))).toThrow(SrsError);
    expect(() => buildQueue(input([], { reviewsDoneToday: Number.NaN }))).toThrow(SrsError);
  });
});
