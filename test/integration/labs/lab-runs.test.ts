import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { checkCourse } from "@/lib/content/check";
import type { Course } from "@/lib/content/course";
import { syncCourse } from "@/lib/db/content-sync";
import { labCatalog, labPage, labReviewEventId, recordLabRun } from "@/lib/db/lab-runs";
import { recordReview } from "@/lib/db/reviews";
import type { Viewer } from "@/lib/db/users";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { DARKROOM_KERNELS, defaultLabConfig, LAB_KEYS } from "@/lib/labs/configs";
import type { DarkroomSummary, L1VsL2Summary, TransferSummary, VanishingSummary } from "@/lib/labs/metrics";
import { gradePredictions } from "@/lib/labs/predictions";
import type { LabRunRequest } from "@/lib/labs/run-report";
import { newMemoryState, schedule } from "@/lib/srs";
import { DEFAULT_SCHEDULER_SETTINGS } from "@/lib/srs/settings";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let course: Course;
const NOW = new Date("2026-03-02T09:00:00Z");
const LATER = new Date("2026-03-02T09:05:00Z");
let userCount = 0;

beforeAll(async () => {
  t = await migratedDatabase();
  const checked = checkCourse("content");
  if (!checked.course) throw new Error("the course does not load");
  course = checked.course;
  await syncCourse(course, NOW);
});
afterAll(async () => {
  await t.drop();
});

/** A fresh learner with default settings, so tests do not share collections. */
async function makeUser(role: Viewer["role"] = "STUDENT"): Promise<Viewer> {
  userCount++;
  const email = `learner${userCount}@example.edu`;
  return t.db.user.create({
    data: { email, name: `Learner ${userCount}`, role, passwordHash: "x", settings: { create: { timezone: "UTC" } } },
    select: { id: true, email: true, name: true, role: true },
  });
}

/** The card keys `labs.yaml` links to a prediction. */
function linkedCards(lab: string, prediction: string): string[] {
  const found = course.labs.find((l) => l.key === lab)?.predictions.find((p) => p.key === prediction);
  if (!found) throw new Error(`labs.yaml has no prediction ${prediction} in ${lab}`);
  return found.cards;
}

const vanishingConfig = defaultLabConfig("vanishing-gradients");

/** A finished vanishing-gradients run whose first layer's gradient is a millionth of the output layer's. */
const vanishingSummary: VanishingSummary = {
  lab: "vanishing-gradients",
  steps: vanishingConfig.steps,
  net: { initialTrainLoss: 0.69, finalTrainLoss: 0.68, finalTestAccuracy: 0.5, gradNorms: [1e-6, 1e-4, 1e-2, 1] },
};

// Against that summary: the smallest gradient is at the first layer (confirmed), the ratio is 1e6, not
// under 10 (refuted), and the loss did not fall below 0.5 (refuted).
const vanishingAnswers = {
  "vanishing-smallest-gradient-layer": "first",
  "vanishing-gradient-ratio": "under-10",
  "vanishing-loss-below-half": true,
};

let runCounter = 0;
function runId(): string {
  runCounter++;
  return `00000000-0000-4000-8000-${runCounter.toString(16).padStart(12, "0")}`;
}

function vanishingRun(overrides: Partial<LabRunRequest> = {}): LabRunRequest {
  return {
    clientRunId: runId(),
    lab: "vanishing-gradients",
    config: { ...vanishingConfig },
    seed: vanishingConfig.seed,
    backend: "wasm",
    predictions: { ...vanishingAnswers },
    summary: vanishingSummary,
    stepsPerSecond: 120,
    durationMs: 2500,
    ...overrides,
  };
}

describe(`recording lab runs on ${dbKind}`, () => {
  test("grades each prediction and reviews its linked cards: confirmed is Good, refuted is Again", async () => {
    const ada = await makeUser();
    const input = vanishingRun();
    const result = await recordLabRun(ada, input, NOW);

    // The server's grades are gradePredictions' grades.
    const reference = gradePredictions("vanishing-gradients", vanishingSummary, {}, vanishingAnswers);
    if (!reference.ok) throw new Error(reference.error);
    expect(result.duplicate).toBe(false);
    expect(result.outcomes.map((o) => [o.key, o.verdict])).toEqual(reference.graded.map((g) => [g.key, g.verdict]));
    expect(result.outcomes.map((o) => o.verdict)).toEqual(["confirmed", "refuted", "refuted"]);

    // Every linked card moved, introduced into the collection, on the schedule a new card gets for that rating.
    for (const outcome of result.outcomes) {
      expect(outcome.cards.map((c) => c.cardKey)).toEqual(linkedCards("vanishing-gradients", outcome.key));
      const rating = outcome.verdict === "confirmed" ? 3 : 1;
      const expected = schedule(newMemoryState(NOW), rating, NOW, DEFAULT_SCHEDULER_SETTINGS).next;
      for (const card of outcome.cards) {
        expect(card).toMatchObject({ rating, stateBefore: "NEW", stateAfter: expected.state, dueBefore: null });
        expect(card.dueAfter).toBe(expected.due.toISOString());
        expect(card.frontHtml.length).toBeGreaterThan(0);
      }
    }

    const run = await t.db.labRun.findUniqueOrThrow({ where: { clientRunId: input.clientRunId } });
    expect(run).toMatchObject({ userId: ada.id, backend: "wasm", seed: BigInt(vanishingConfig.seed), stepsPerSecond: 120, durationMs: 2500 });
    expect(run.config).toEqual(vanishingConfig);
    expect(run.predictions).toEqual(vanishingAnswers);
    expect(run.id).toBe(result.runId);

    const logs = await t.db.reviewLog.findMany({
      where: { userId: ada.id },
      select: { clientEventId: true, rating: true, source: true, labRunId: true, reviewedAt: true, card: { select: { key: true } } },
    });
    const expectedLogs = result.outcomes.flatMap((o) =>
      linkedCards("vanishing-gradients", o.key).map((cardKey) => ({
        clientEventId: labReviewEventId(input.clientRunId, o.key, cardKey),
        rating: o.verdict === "confirmed" ? 3 : 1,
        source: "LAB",
        labRunId: run.id,
        reviewedAt: NOW,
        card: { key: cardKey },
      })),
    );
    expect(logs.sort((a, b) => a.clientEventId.localeCompare(b.clientEventId))).toEqual(
      expectedLogs.sort((a, b) => a.clientEventId.localeCompare(b.clientEventId)),
    );
    const states = await t.db.cardState.findMany({ where: { userId: ada.id }, select: { due: true, card: { select: { key: true } } } });
    const dueByKey = new Map(states.map((s) => [s.card.key, s.due.toISOString()]));
    for (const card of result.outcomes.flatMap((o) => o.cards)) expect(dueByKey.get(card.cardKey)).toBe(card.dueAfter);
  });

  test("resending a run writes nothing and returns the first result", async () => {
    const grace = await makeUser();
    const input = vanishingRun();
    const first = await recordLabRun(grace, input, NOW);
    const before = await tableCounts(t);
    const again = await recordLabRun(grace, input, LATER);
    expect(await tableCounts(t)).toEqual(before);
    expect(again.duplicate).toBe(true);
    expect(again.runId).toBe(first.runId);
    expect(again.outcomes).toEqual(first.outcomes);
  });

  test("a resend with different content is still the first run", async () => {
    const learner = await makeUser();
    const input = vanishingRun();
    const first = await recordLabRun(learner, input, NOW);
    const before = await tableCounts(t);
    const changed = await recordLabRun(learner, { ...input, predictions: {} }, LATER);
    expect(await tableCounts(t)).toEqual(before);
    expect(changed).toEqual({ ...first, duplicate: true });
  });

  test("two simultaneous sends of one run record it once", async () => {
    const alan = await makeUser();
    const input = vanishingRun();
    const [a, b] = await Promise.all([recordLabRun(alan, input, NOW), recordLabRun(alan, input, NOW)]);
    expect(a.runId).toBe(b.runId);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await t.db.labRun.count({ where: { userId: alan.id } })).toBe(1);
    const cards = new Set(Object.keys(vanishingAnswers).flatMap((k) => linkedCards("vanishing-gradients", k)));
    expect(await t.db.reviewLog.count({ where: { userId: alan.id } })).toBe(cards.size);
  });

  test("a run without predictions is saved and moves no card", async () => {
    const learner = await makeUser();
    const before = await tableCounts(t);
    const result = await recordLabRun(learner, vanishingRun({ predictions: {} }), NOW);
    expect(result.outcomes).toEqual([]);
    const after = await tableCounts(t);
    expect(after).toEqual({ ...before, LabRun: (before.LabRun ?? 0) + 1 });
  });

  test("a seed above 2^31 - 1 is stored as it is", async () => {
    const learner = await makeUser();
    const seed = 4_000_000_000;
    const input = vanishingRun({ config: { ...vanishingConfig, seed }, seed, predictions: {} });
    await recordLabRun(learner, input, NOW);
    const run = await t.db.labRun.findUniqueOrThrow({ where: { clientRunId: input.clientRunId }, select: { seed: true, config: true } });
    expect(run.seed).toBe(4_000_000_000n);
    expect(run.config).toMatchObject({ seed });
  });

  test("a card already in the collection moves from its current schedule", async () => {
    const learner = await makeUser();
    const [cardKey] = linkedCards("vanishing-gradients", "vanishing-smallest-gradient-layer");
    const card = await t.db.card.findUniqueOrThrow({ where: { key: cardKey }, select: { id: true } });
    const earlier = new Date(NOW.getTime() - 3 * 86_400_000);
    const reviewed = await recordReview(
      { userId: learner.id, cardId: card.id, rating: 3, source: "REVIEW", reviewedAt: earlier, clientEventId: "11111111-1111-4111-8111-111111111111" },
      { now: earlier },
    );
    const result = await recordLabRun(learner, vanishingRun(), NOW);
    const moved = result.outcomes[0]?.cards.find((c) => c.cardKey === cardKey);
    expect(moved).toMatchObject({ stateBefore: reviewed.stateAfter, dueBefore: reviewed.dueAfter.toISOString(), rating: 3 });
    const state = await t.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: card.id } } });
    expect(state.due.toISOString()).toBe(moved?.dueAfter);
  });

  test("an L1-vs-L2 run is graded on its own summary", async () => {
    const learner = await makeUser();
    const config = defaultLabConfig("l1-vs-l2");
    const summary: L1VsL2Summary = {
      lab: "l1-vs-l2",
      steps: config.steps,
      none: { finalTrainLoss: 0.1, finalTestLoss: 0.6, nearZeroShare: 0 },
      l1: { finalTrainLoss: 0.3, finalTestLoss: 0.4, nearZeroShare: 0.7 },
      l2: { finalTrainLoss: 0.25, finalTestLoss: 0.45, nearZeroShare: 0.01 },
    };
    const predictions = { "l1l2-more-zero-weights": "l2", "l1l2-smallest-gap": "l1", "l1l2-penalties-lower-test-loss": true };
    const result = await recordLabRun(
      learner,
      { ...vanishingRun(), lab: "l1-vs-l2", config: { ...config }, seed: config.seed, summary, predictions },
      NOW,
    );
    // L1 has the most zeros (refuted), L1 the smallest gap 0.1 (confirmed), both penalties beat 0.6 (confirmed).
    expect(result.outcomes.map((o) => [o.key, o.verdict])).toEqual([
      ["l1l2-more-zero-weights", "refuted"],
      ["l1l2-smallest-gap", "confirmed"],
      ["l1l2-penalties-lower-test-loss", "confirmed"],
    ]);
    expect(result.outcomes.map((o) => o.cards.map((c) => c.rating))).toEqual(
      result.outcomes.map((o) => linkedCards("l1-vs-l2", o.key).map(() => (o.verdict === "confirmed" ? 3 : 1))),
    );
  });

  test("a transfer-learning run is finished after its epochs and graded on held-out accuracy", async () => {
    const learner = await makeUser();
    const config = defaultLabConfig("transfer-learning");
    const summary: TransferSummary = {
      lab: "transfer-learning",
      steps: config.epochs,
      scratch: { finalTrainAccuracy: 1, finalTestAccuracy: 0.55 },
      frozen: { finalTrainAccuracy: 0.9, finalTestAccuracy: 0.8 },
      finetune: { finalTrainAccuracy: 1, finalTestAccuracy: 0.85 },
    };
    const base = { ...vanishingRun(), lab: "transfer-learning", config: { ...config }, seed: config.seed, summary };
    const predictions = { "transfer-finetune-beats-scratch": true, "transfer-best-mode": "frozen" };
    await expect(
      recordLabRun(learner, { ...base, summary: { ...summary, steps: config.epochs - 1 }, predictions }, NOW),
    ).rejects.toThrow(/stopped after/);
    const result = await recordLabRun(learner, { ...base, predictions }, NOW);
    // Fine-tuning (85%) beats scratch (55%): confirmed; the best is fine-tuning, not the frozen base: refuted.
    expect(result.outcomes.map((o) => [o.key, o.verdict])).toEqual([
      ["transfer-finetune-beats-scratch", "confirmed"],
      ["transfer-best-mode", "refuted"],
    ]);
    expect(result.outcomes.map((o) => o.cards.map((c) => c.cardKey))).toEqual(
      result.outcomes.map((o) => linkedCards("transfer-learning", o.key)),
    );
  });

  test("a Conv Darkroom run, driven on the page, is recorded with its summary and no step count to reach", async () => {
    const learner = await makeUser();
    const config = defaultLabConfig("conv-darkroom");
    const summary: DarkroomSummary = {
      lab: "conv-darkroom",
      steps: 25,
      image: "digit",
      sample: 0,
      kernel: config.kernel,
      layers: config.layers,
      edgeSelectivity: Object.fromEntries(
        DARKROOM_KERNELS.map((k) => [k, k === "sobel-x" ? 1 : k === "sobel-y" ? -1 : 0]),
      ) as DarkroomSummary["edgeSelectivity"],
      imageSharpness: 0.4,
      lastSharpness: 0.6,
      occlusion: { trueDigit: 7, base: 0.9, top: 0.1, middle: 0.5, bottom: 0.2 },
    };
    const result = await recordLabRun(
      learner,
      { ...vanishingRun(), lab: "conv-darkroom", config: { ...config }, seed: 0, summary, predictions: { "darkroom-vertical-edge-kernel": "sobel-x" } },
      NOW,
    );
    expect(result.outcomes).toMatchObject([{ key: "darkroom-vertical-edge-kernel", verdict: "confirmed" }]);
    const run = await t.db.labRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run.config).toEqual(config);
  });

  test("a retired linked card is skipped; the others move", async () => {
    const learner = await makeUser();
    const keys = linkedCards("vanishing-gradients", "vanishing-gradient-ratio");
    const retired = keys[0] as string;
    await t.db.card.update({ where: { key: retired }, data: { retiredAt: NOW } });
    try {
      const result = await recordLabRun(learner, vanishingRun(), NOW);
      const outcome = result.outcomes.find((o) => o.key === "vanishing-gradient-ratio");
      expect(outcome?.cards.map((c) => c.cardKey)).toEqual(keys.slice(1));
      const card = await t.db.card.findUniqueOrThrow({ where: { key: retired }, select: { id: true } });
      expect(await t.db.cardState.count({ where: { userId: learner.id, cardId: card.id } })).toBe(0);
    } finally {
      await t.db.card.update({ where: { key: retired }, data: { retiredAt: null } });
    }
  });

  test("bad runs are refused with a clear error and nothing is written", async () => {
    const learner = await makeUser();
    const instructor = await makeUser("INSTRUCTOR");
    const before = await tableCounts(t);
    const cases: [LabRunRequest, Viewer, new (...args: never[]) => Error, RegExp][] = [
      [vanishingRun(), instructor, ForbiddenError, /students/],
      [vanishingRun({ lab: "no-such-lab" }), learner, ValidationError, /not a lab whose runs/],
      [vanishingRun({ config: { ...vanishingConfig, depth: 99 } }), learner, ValidationError, /depth must be/],
      [vanishingRun({ config: { ...vanishingConfig, colour: "red" } }), learner, ValidationError, /unknown setting/],
      [vanishingRun({ seed: 7 }), learner, ValidationError, /seed 7 does not match/],
      [vanishingRun({ summary: { ...vanishingSummary, steps: 120 } }), learner, ValidationError, /stopped after 120 of 300/],
      [
        vanishingRun({ summary: { lab: "residual-shortcuts", steps: 300, plain: vanishingSummary.net, residual: vanishingSummary.net } }),
        learner,
        ValidationError,
        /from the residual-shortcuts lab/,
      ],
      [vanishingRun({ predictions: { "no-such-prediction": true } }), learner, ValidationError, /unknown prediction/],
      [vanishingRun({ predictions: { "vanishing-gradient-ratio": "a lot" } }), learner, ValidationError, /invalid answer/],
      [vanishingRun({ predictions: { "vanishing-loss-below-half": "yes" } }), learner, ValidationError, /invalid answer/],
    ];
    for (const [input, viewer, kind, message] of cases) {
      const attempt = recordLabRun(viewer, input, NOW);
      await expect(attempt, message.source).rejects.toBeInstanceOf(kind);
      await expect(recordLabRun(viewer, input, NOW)).rejects.toThrow(message);
    }
    expect(await tableCounts(t)).toEqual(before);
  });

  test("another learner's run id is refused without revealing the run", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const input = vanishingRun();
    await recordLabRun(owner, input, NOW);
    const before = await tableCounts(t);
    await expect(recordLabRun(other, input, NOW)).rejects.toBeInstanceOf(ConflictError);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("a retired lab records nothing", async () => {
    const learner = await makeUser();
    await t.db.lab.update({ where: { key: "vanishing-gradients" }, data: { retiredAt: NOW } });
    try {
      const before = await tableCounts(t);
      await expect(recordLabRun(learner, vanishingRun(), NOW)).rejects.toBeInstanceOf(NotFoundError);
      expect(await tableCounts(t)).toEqual(before);
    } finally {
      await t.db.lab.update({ where: { key: "vanishing-gradients" }, data: { retiredAt: null } });
    }
  });
});

describe(`lab pages on ${dbKind}`, () => {
  test("the catalog lists the course's labs in order", async () => {
    const labs = await labCatalog();
    expect(labs.map((l) => l.key)).toEqual(LAB_KEYS.filter((k) => course.labs.some((l) => l.key === k)));
    const vanishing = labs.find((l) => l.key === "vanishing-gradients");
    expect(vanishing?.predictionCount).toBe(predictionCountOf("vanishing-gradients"));
    expect(vanishing?.summaryHtml).toContain("<p>");
  });

  test("a lab page asks the linked predictions with their answer options and the viewer's due dates", async () => {
    const learner = await makeUser();
    const empty = await labPage(learner, "vanishing-gradients");
    expect(empty.recordsRuns).toBe(true);
    expect(empty.predictions.map((p) => p.key)).toEqual(
      course.labs.find((l) => l.key === "vanishing-gradients")?.predictions.map((p) => p.key),
    );
    expect(empty.predictions.flatMap((p) => p.cards.map((c) => c.due))).toEqual(
      empty.predictions.flatMap((p) => p.cards.map(() => null)),
    );
    expect(empty.predictions[0]?.answer.kind).toBe("choice");

    const result = await recordLabRun(learner, vanishingRun(), NOW);
    const after = await labPage(learner, "vanishing-gradients");
    const dueByKey = new Map(after.predictions.flatMap((p) => p.cards.map((c) => [c.key, c.due] as const)));
    for (const card of result.outcomes.flatMap((o) => o.cards)) expect(dueByKey.get(card.cardKey)).toBe(card.dueAfter);

    const instructor = await makeUser("INSTRUCTOR");
    expect((await labPage(instructor, "vanishing-gradients")).recordsRuns).toBe(false);
  });

  test("a retired lab has no page", async () => {
    const learner = await makeUser();
    await t.db.lab.update({ where: { key: "l1-vs-l2" }, data: { retiredAt: NOW } });
    try {
      await expect(labPage(learner, "l1-vs-l2")).rejects.toBeInstanceOf(NotFoundError);
      expect((await labCatalog()).map((l) => l.key)).not.toContain("l1-vs-l2");
    } finally {
      await t.db.lab.update({ where: { key: "l1-vs-l2" }, data: { retiredAt: null } });
    }
  });
});

function predictionCountOf(lab: string): number {
  return course.labs.find((l) => l.key === lab)?.predictions.length ?? 0;
}

describe("review event ids of lab runs", () => {
  test("are UUIDs fixed by run, prediction and card", () => {
    const id = labReviewEventId("9B2E4C1A-0000-4000-8000-000000000001", "p", "c");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(labReviewEventId("9b2e4c1a-0000-4000-8000-000000000001", "p", "c")).toBe(id);
    expect(labReviewEventId("9b2e4c1a-0000-4000-8000-000000000001", "p", "d")).not.toBe(id);
    expect(labReviewEventId("9b2e4c1a-0000-4000-8000-000000000001", "q", "c")).not.toBe(id);
  });
});
