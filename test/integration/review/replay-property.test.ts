import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { recordReview, type ReviewEvent, type ReviewOutcome } from "@/lib/db/reviews";
import { undoReview, type UndoOutcome } from "@/lib/db/review-undo";
import type { Viewer } from "@/lib/db/users";
import { ConflictError } from "@/lib/errors";
import { DEFAULT_SCHEDULER_SETTINGS, replay, type Rating } from "@/lib/srs";

import { dbKind, migratedDatabase } from "../../helpers/db";
import { cardId, reviewFixture, type ReviewFixture } from "./fixtures";

// Any interleaving of grades, retried grades, undos and retried undos leaves every card's stored state equal to
// replaying its log (undone grades and undo rows skipped). Each run is a fresh learner on one shared database.

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let f: ReviewFixture;
const T0 = new Date("2026-05-04T08:00:00Z");
const CARDS = ["a1", "a2"] as const;

beforeAll(async () => {
  t = await migratedDatabase();
  f = await reviewFixture(t.db);
});
afterAll(async () => {
  await t.drop();
});

type Action =
  | { type: "grade"; card: number; rating: Rating; minutes: number }
  | { type: "retry"; pick: number }
  | { type: "undoLatest"; card: number }
  | { type: "undoAny"; pick: number }
  | { type: "retryUndo"; pick: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant("grade" as const), card: fc.nat(CARDS.length - 1), rating: fc.constantFrom<Rating>(1, 2, 3, 4), minutes: fc.integer({ min: 1, max: 6 * 24 * 60 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("retry" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("undoLatest" as const), card: fc.nat(CARDS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("undoAny" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("retryUndo" as const), pick: fc.nat() }) },
);

/** Deterministic event ids: the run and the step, as a UUID. */
const uuid = (run: number, step: number) =>
  `00000000-0000-4000-8000-${run.toString(16).padStart(4, "0")}${step.toString(16).padStart(8, "0")}`;

async function storedMatchesReplay(learner: Viewer): Promise<void> {
  for (const key of CARDS) {
    const card = cardId(f, key);
    const row = await t.db.cardState.findUnique({ where: { userId_cardId: { userId: learner.id, cardId: card } } });
    const logs = await t.db.reviewLog.findMany({ where: { userId: learner.id, cardId: card }, orderBy: { reviewedAt: "asc" } });
    if (!row) {
      expect(logs).toEqual([]);
      continue;
    }
    const replayed = replay(
      logs.map((l) => ({ id: l.id, kind: l.kind, cancelsId: l.cancelsId, rating: l.rating as Rating, reviewedAt: l.reviewedAt })),
      DEFAULT_SCHEDULER_SETTINGS,
      row.introducedAt,
    );
    expect({
      state: row.state,
      due: row.due,
      stability: row.stability,
      difficulty: row.difficulty,
      elapsedDays: row.elapsedDays,
      scheduledDays: row.scheduledDays,
      learningSteps: row.learningSteps,
      reps: row.reps,
      lapses: row.lapses,
      lastReview: row.lastReview,
    }).toEqual(replayed);
  }
}

describe(`replay property on ${dbKind}`, () => {
  test("any interleaving of grades, retries and undos replays to the stored state", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 14 }), async (actions) => {
        run++;
        const learner = await t.db.user.create({
          data: { email: `prop-${run}@test.example`, name: `Learner ${run}`, passwordHash: "x", role: "STUDENT" },
          select: { id: true, email: true, name: true, role: true },
        });
        let clock = T0.getTime();
        const grades: { event: ReviewEvent; outcome: ReviewOutcome }[] = [];
        const undos: { input: { logId: string; clientEventId: string }; outcome: UndoOutcome }[] = [];
        // The model: each card's standing grades, newest last.
        const standing: string[][] = CARDS.map(() => []);
        const cancelled = new Set<string>();

        for (const [step, a] of actions.entries()) {
          clock += 60_000;
          const now = new Date(clock);
          if (a.type === "grade") {
            clock += a.minutes * 60_000;
            const when = new Date(clock);
            const event: ReviewEvent = {
              userId: learner.id,
              cardId: cardId(f, CARDS[a.card]!),
              rating: a.rating,
              source: "REVIEW",
              reviewedAt: when,
              clientEventId: uuid(run, step),
            };
            const outcome = await recordReview(event, { now: when });
            expect(outcome.duplicate).toBe(false);
            grades.push({ event, outcome });
            standing[a.card]!.push(outcome.logId);
          } else if (a.type === "retry" && grades.length > 0) {
            // A late retry, of a grade that may have been undone since: the first outcome, nothing written.
            const first = grades[a.pick % grades.length]!;
            const count = await t.db.reviewLog.count({ where: { userId: learner.id } });
            expect(await recordReview({ ...first.event }, { now })).toEqual({ ...first.outcome, duplicate: true });
            expect(await t.db.reviewLog.count({ where: { userId: learner.id } })).toBe(count);
          } else if (a.type === "undoLatest" || a.type === "undoAny") {
            const logId =
              a.type === "undoLatest" ? standing[a.card]!.at(-1) : grades.length > 0 ? grades[a.pick % grades.length]!.outcome.logId : undefined;
            if (!logId) continue;
            const card = standing.findIndex((ids) => ids.includes(logId));
            const allowed = card >= 0 && standing[card]!.at(-1) === logId;
            const input = { logId, clientEventId: uuid(run, step) };
            if (allowed) {
              const outcome = await undoReview(learner, input, now);
              expect(outcome.duplicate).toBe(false);
              undos.push({ input, outcome });
              standing[card]!.pop();
              cancelled.add(logId);
            } else {
              // Not the card's latest standing grade, or undone already: refused, nothing written.
              const count = await t.db.reviewLog.count({ where: { userId: learner.id } });
              await expect(undoReview(learner, input, now)).rejects.toBeInstanceOf(ConflictError);
              expect(await t.db.reviewLog.count({ where: { userId: learner.id } })).toBe(count);
            }
          } else if (a.type === "retryUndo" && undos.length > 0) {
            const first = undos[a.pick % undos.length]!;
            expect(await undoReview(learner, first.input, now)).toEqual({ ...first.outcome, duplicate: true });
          }
          await storedMatchesReplay(learner);
        }
        const logs = await t.db.reviewLog.findMany({ where: { userId: learner.id }, select: { kind: true, cancelsId: true } });
        expect(logs.filter((l) => l.kind === "GRADE")).toHaveLength(grades.length);
        expect(new Set(logs.flatMap((l) => (l.cancelsId ? [l.cancelsId] : [])))).toEqual(cancelled);
      }),
      { seed: 20260504, numRuns: 30, endOnFailure: true },
    );
  }, 240_000);
});
