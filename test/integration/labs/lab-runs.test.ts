import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { checkCourse } from "@/lib/content/check";
import type { Course } from "@/lib/content/course";
import { syncCourse } from "@/lib/db/content-sync";
import { giveUpOnLabRun, labCatalog, labPage, labReviewEventId, labRunResult, recordLabRun, verifyLabRun } from "@/lib/db/lab-runs";
import { inProcessQueue, pgBossQueue, setVerificationQueue, VERIFY_ATTEMPTS } from "@/lib/db/lab-verification-queue";
import { recordReview } from "@/lib/db/reviews";
import type { Viewer } from "@/lib/db/users";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { defaultLabConfig, LAB_KEYS, type LabConfig, type LabKey, parseLabConfig } from "@/lib/labs/configs";
import type { DarkroomSummary } from "@/lib/labs/conv-darkroom/summary";
import type { LabSummary } from "@/lib/labs/metrics";
import type { TransferSummary } from "@/lib/labs/transfer-learning/summary";
import { nodeLabAssets } from "@/lib/labs/node-assets";
import { findPrediction, gradePredictions } from "@/lib/labs/predictions";
import { reproduceRun } from "@/lib/labs/reproduce";
import type { LabRunRequest } from "@/lib/labs/run-report";
import { serverTf } from "@/lib/labs/server-tf";
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

/**
 * A small, quick vanishing-gradients run the predictions grade (a 10-layer sigmoid net: the gradient vanishes):
 * the server reproduces it in well under the request's wait.
 */
const vanishingConfig = parseOrThrow("vanishing-gradients", { depth: 10, width: 8, steps: 20, seed: 3 });
let vanishingSummary: LabSummary;

const vanishingAnswers = {
  "vanishing-smallest-gradient-layer": "first",
  "vanishing-gradient-ratio": "under-10",
  "vanishing-loss-below-half": true,
};

function parseOrThrow<K extends LabKey>(lab: K, input: unknown): LabConfig<K> {
  const parsed = parseLabConfig(lab, input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
}

/** What an honest page measures for a run: the same code the server reproduces it with. */
async function measured(lab: LabKey, config: LabConfig, sent: Partial<LabSummary> = {}): Promise<LabSummary> {
  const result = await reproduceRun(await serverTf(), lab, config, sent as LabSummary, nodeLabAssets());
  if (!result.ok) throw new Error(result.reason);
  return result.summary;
}

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

beforeAll(async () => {
  // A queue of this process, whatever database the tests run on (the PostgreSQL queue has its own test).
  setVerificationQueue(inProcessQueue(verifyLabRun));
  vanishingSummary = await measured("vanishing-gradients", vanishingConfig);
});
afterAll(() => setVerificationQueue(undefined));

/** The quick run's summary's network, for building summaries of the wrong lab. */
const vanishingNet = () => (vanishingSummary as Extract<LabSummary, { lab: "vanishing-gradients" }>).net;

/** The server's grades of the quick run's answers. */
function reference() {
  const graded = gradePredictions("vanishing-gradients", vanishingSummary, vanishingConfig, vanishingAnswers);
  if (!graded.ok) throw new Error(graded.error);
  return graded.graded;
}

/** Records a run and waits for the server's verification, however long it takes. */
const record = (viewer: Viewer, input: LabRunRequest, now = NOW) => recordLabRun(viewer, input, now, { waitMs: 120_000 });

/** The linked cards a verdict grades at these settings: none unless it decided, and only those its fact covers. */
function gradedCards(lab: LabKey, key: string, verdict: string, config: LabConfig): string[] {
  if (verdict !== "confirmed" && verdict !== "refuted") return [];
  const prediction = findPrediction(lab, key);
  return linkedCards(lab, key).filter((card) => prediction?.gradesCard(card, config));
}

describe(`recording lab runs on ${dbKind}`, () => {
  test("grades each prediction and reviews its linked cards: confirmed is Good, refuted is Again", async () => {
    const ada = await makeUser();
    const input = vanishingRun();
    const result = await record(ada, input);

    // The server's grades are gradePredictions' grades on the summary it measured itself.
    const reference = gradePredictions("vanishing-gradients", vanishingSummary, vanishingConfig, vanishingAnswers);
    if (!reference.ok) throw new Error(reference.error);
    expect(result.status).toBe("graded");
    expect(result.outcomes.map((o) => [o.key, o.verdict])).toEqual(reference.graded.map((g) => [g.key, g.verdict]));
    const run0 = await t.db.labRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run0).toMatchObject({ status: "GRADED", refusal: null });
    expect(run0.verifiedMetrics).toEqual(vanishingSummary);
    expect(run0.verifyCpuMs).toBeGreaterThanOrEqual(0);

    // Every graded card moved, introduced into the collection, on the schedule a new card gets for that rating.
    for (const outcome of result.outcomes) {
      expect(outcome.cards.map((c) => c.cardKey)).toEqual(gradedCards("vanishing-gradients", outcome.key, outcome.verdict, vanishingConfig));
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
      gradedCards("vanishing-gradients", o.key, o.verdict, vanishingConfig).map((cardKey) => ({
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
    const first = await record(grace, input);
    const before = await tableCounts(t);
    const again = await record(grace, input, LATER);
    expect(await tableCounts(t)).toEqual(before);
    expect(again).toEqual(first);
    expect(await labRunResult(grace, first.runId)).toEqual(first);
  });

  test("a resend with different content is still the first run", async () => {
    const learner = await makeUser();
    const input = vanishingRun();
    const first = await record(learner, input);
    const before = await tableCounts(t);
    const changed = await record(learner, { ...input, predictions: {} }, LATER);
    expect(await tableCounts(t)).toEqual(before);
    expect(changed).toEqual(first);
  });

  test("two simultaneous sends of one run record it once", async () => {
    const alan = await makeUser();
    const input = vanishingRun();
    const [a, b] = await Promise.all([record(alan, input), record(alan, input)]);
    expect(a).toEqual(b);
    expect(await t.db.labRun.count({ where: { userId: alan.id } })).toBe(1);
    const cards = new Set(a.outcomes.flatMap((o) => o.cards.map((c) => c.cardKey)));
    expect(await t.db.reviewLog.count({ where: { userId: alan.id } })).toBe(cards.size);
  });

  test("a run without predictions is saved and moves no card", async () => {
    const learner = await makeUser();
    const before = await tableCounts(t);
    const result = await record(learner, vanishingRun({ predictions: {} }));
    expect(result).toMatchObject({ status: "graded", outcomes: [] });
    const after = await tableCounts(t);
    expect(after).toEqual({ ...before, LabRun: (before.LabRun ?? 0) + 1 });
  });

  test("a seed above 2^31 - 1 is stored as it is", async () => {
    const learner = await makeUser();
    const seed = 4_000_000_000;
    const config = { ...vanishingConfig, seed };
    const input = vanishingRun({ config, seed, predictions: {}, summary: await measured("vanishing-gradients", config) });
    await record(learner, input);
    const run = await t.db.labRun.findUniqueOrThrow({ where: { clientRunId: input.clientRunId }, select: { seed: true, config: true } });
    expect(run.seed).toBe(4_000_000_000n);
    expect(run.config).toMatchObject({ seed });
  });

  test("a card already in the collection moves from its current schedule", async () => {
    const learner = await makeUser();
    const outcome = reference().find((g) => g.verdict === "confirmed" || g.verdict === "refuted");
    if (!outcome) throw new Error("the quick run decides no prediction");
    const [cardKey] = gradedCards("vanishing-gradients", outcome.key, outcome.verdict, vanishingConfig);
    const card = await t.db.card.findUniqueOrThrow({ where: { key: cardKey }, select: { id: true } });
    const earlier = new Date(NOW.getTime() - 3 * 86_400_000);
    const reviewed = await recordReview(
      { userId: learner.id, cardId: card.id, rating: 3, source: "REVIEW", reviewedAt: earlier, clientEventId: "11111111-1111-4111-8111-111111111111" },
      { now: earlier },
    );
    const result = await record(learner, vanishingRun());
    const moved = result.outcomes.find((o) => o.key === outcome.key)?.cards.find((c) => c.cardKey === cardKey);
    expect(moved).toMatchObject({
      stateBefore: reviewed.stateAfter,
      dueBefore: reviewed.dueAfter.toISOString(),
      rating: outcome.verdict === "confirmed" ? 3 : 1,
    });
    const state = await t.db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: card.id } } });
    expect(state.due.toISOString()).toBe(moved?.dueAfter);
  });

  test("an L1-vs-L2 run is graded on the server's own measurements", async () => {
    const learner = await makeUser();
    const config = parseOrThrow("l1-vs-l2", { steps: 40, trainSize: 40, seed: 5 });
    const summary = await measured("l1-vs-l2", config);
    const predictions = { "l1l2-more-zero-weights": "l2", "l1l2-largest-gap": "l1", "l1l2-penalties-lower-test-loss": true };
    const result = await record(learner, { ...vanishingRun(), lab: "l1-vs-l2", config: { ...config }, seed: config.seed, summary, predictions });
    const reference = gradePredictions("l1-vs-l2", summary, config, predictions);
    if (!reference.ok) throw new Error(reference.error);
    expect(result.outcomes.map((o) => [o.key, o.verdict])).toEqual(reference.graded.map((g) => [g.key, g.verdict]));
    expect(result.outcomes.map((o) => o.cards.map((c) => c.rating))).toEqual(
      result.outcomes.map((o) => gradedCards("l1-vs-l2", o.key, o.verdict, config).map(() => (o.verdict === "confirmed" ? 3 : 1))),
    );
  });

  test("a transfer-learning run is finished after its epochs and graded on held-out accuracy", async () => {
    const learner = await makeUser();
    const config = parseOrThrow("transfer-learning", { examplesPerClass: 2, seed: 4 });
    const summary = await measured("transfer-learning", config);
    const base = { ...vanishingRun(), lab: "transfer-learning", config: { ...config }, seed: config.seed, summary };
    const predictions = { "transfer-finetune-beats-scratch": true, "transfer-finetune-beats-frozen": true, "transfer-best-mode": "frozen" };
    await expect(record(learner, { ...base, summary: { ...summary, steps: config.epochs - 1 }, predictions })).rejects.toThrow(
      /stopped after/,
    );
    // The paired counts the predictions are graded on are recomputed too: inflated ones are refused.
    const paired = (summary as TransferSummary).paired;
    if (!paired) throw new Error("a finished transfer run has paired counts");
    const inflated = { ...summary, paired: { ...paired, "finetune-scratch": [paired["finetune-scratch"][0] + 200, 0] } } as LabSummary;
    await expect(record(learner, { ...base, summary: inflated, predictions })).rejects.toThrow(/not what a run of these settings measures/);
    const result = await record(learner, { ...base, predictions });
    const reference = gradePredictions("transfer-learning", summary, config, predictions);
    if (!reference.ok) throw new Error(reference.error);
    expect(result.outcomes.map((o) => [o.key, o.verdict])).toEqual(reference.graded.map((g) => [g.key, g.verdict]));
    expect(result.outcomes.map((o) => o.cards.map((c) => c.cardKey))).toEqual(
      result.outcomes.map((o) => gradedCards("transfer-learning", o.key, o.verdict, config)),
    );
  });

  test("a Conv Darkroom run on a shipped digit is rebuilt from the picture it names; a drawing is kept ungraded", async () => {
    const learner = await makeUser();
    const config = defaultLabConfig("conv-darkroom");
    const summary = await measured("conv-darkroom", config, {
      lab: "conv-darkroom",
      image: "digit",
      kernel: config.kernel,
      sample: 2,
      occlusion: { trueDigit: 7, base: null, strokes: null, background: null },
    } as Partial<LabSummary>);
    const predictions = { "darkroom-vertical-edge-kernel": "sobel-x", "darkroom-occlusion-region": "strokes" };
    const base = { ...vanishingRun(), lab: "conv-darkroom", config: { ...config }, seed: 0, predictions };
    // A summary that makes the background matter more than the strokes is not what this picture measures.
    const beforeFabricated = await tableCounts(t);
    const darkroom = summary as DarkroomSummary;
    const fabricated = { ...darkroom, occlusion: { ...darkroom.occlusion, background: 99 } };
    await expect(record(learner, { ...base, clientRunId: runId(), summary: fabricated })).rejects.toThrow(
      /not what a run of these settings measures/,
    );
    expect(await tableCounts(t)).toEqual(beforeFabricated);
    const result = await record(learner, { ...base, summary });
    const reference = gradePredictions("conv-darkroom", summary, config, predictions);
    if (!reference.ok) throw new Error(reference.error);
    expect(result.outcomes.map((o) => o.verdict)).toEqual(reference.graded.map((g) => g.verdict));
    expect(result.outcomes.map((o) => o.verdict)).toEqual(["confirmed", "confirmed"]);
    const run = await t.db.labRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run.config).toEqual(config);

    // A drawing never reaches the server: the run is kept, nothing is graded, and the page is told why.
    const before = await tableCounts(t);
    const drawn = await record(learner, { ...base, clientRunId: runId(), summary: { ...summary, image: "drawing", sample: null } as LabSummary });
    expect(drawn.status).toBe("graded");
    expect(drawn.note).toMatch(/drawn picture/);
    expect(drawn.outcomes.map((o) => [o.verdict, o.cards])).toEqual([
      ["ungraded", []],
      ["ungraded", []],
    ]);
    expect(await tableCounts(t)).toEqual({ ...before, LabRun: (before.LabRun ?? 0) + 1 });
  });

  test("a retired linked card is skipped; the others move", async () => {
    const learner = await makeUser();
    const keys = linkedCards("vanishing-gradients", "vanishing-gradient-ratio");
    const retired = keys[0] as string;
    await t.db.card.update({ where: { key: retired }, data: { retiredAt: NOW } });
    try {
      const result = await record(learner, vanishingRun());
      const outcome = result.outcomes.find((o) => o.key === "vanishing-gradient-ratio");
      expect(outcome?.cards.map((c) => c.cardKey)).toEqual(
        gradedCards("vanishing-gradients", "vanishing-gradient-ratio", outcome?.verdict ?? "", vanishingConfig).filter((k) => k !== retired),
      );
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
      [vanishingRun({ summary: { ...vanishingSummary, steps: 12 } }), learner, ValidationError, /stopped after 12 of 20/],
      [
        vanishingRun({ summary: {
            lab: "residual-shortcuts",
            steps: 20,
            plain: vanishingNet(),
            residual: vanishingNet(),
            earlyFirstLayerRms: { plain: [], residual: [] },
            lastEpochLosses: { plain: [], residual: [] },
          },
        }),
        learner,
        ValidationError,
        /from the residual-shortcuts lab/,
      ],
      [vanishingRun({ predictions: { "no-such-prediction": true } }), learner, ValidationError, /unknown prediction/],
      [vanishingRun({ predictions: { "vanishing-gradient-ratio": "a lot" } }), learner, ValidationError, /invalid answer/],
      [vanishingRun({ predictions: { "vanishing-loss-below-half": "yes" } }), learner, ValidationError, /invalid answer/],
    ];
    for (const [input, viewer, kind, message] of cases) {
      const attempt = record(viewer, input);
      await expect(attempt, message.source).rejects.toBeInstanceOf(kind);
      await expect(record(viewer, input)).rejects.toThrow(message);
    }
    expect(await tableCounts(t)).toEqual(before);
  });

  test("another learner's run id is refused without revealing the run", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const input = vanishingRun();
    await record(owner, input);
    const before = await tableCounts(t);
    await expect(record(other, input)).rejects.toBeInstanceOf(ConflictError);
    expect(await tableCounts(t)).toEqual(before);
  });

  test("a retired lab records nothing", async () => {
    const learner = await makeUser();
    await t.db.lab.update({ where: { key: "vanishing-gradients" }, data: { retiredAt: NOW } });
    try {
      const before = await tableCounts(t);
      await expect(record(learner, vanishingRun())).rejects.toBeInstanceOf(NotFoundError);
      expect(await tableCounts(t)).toEqual(before);
    } finally {
      await t.db.lab.update({ where: { key: "vanishing-gradients" }, data: { retiredAt: null } });
    }
  });
});

describe(`the server grades only what it reproduces, on ${dbKind}`, () => {
  const cardRows = () => t.db.cardState.findMany({ orderBy: { id: "asc" } });

  test("a fabricated summary is refused with a 422 and nothing is written: no run, no review, no card moved", async () => {
    const learner = await makeUser();
    const net = vanishingNet();
    // Every answer "confirmed": the first layer's backpropagated gradient made a fifth of the output's (under 10
    // times), the loss low.
    const flow = (vanishingSummary as Extract<LabSummary, { lab: "vanishing-gradients" }>).flow;
    const fabricated = {
      ...vanishingSummary,
      net: { ...net, finalTrainLoss: 0.01 },
      flow: { ...flow, delta: flow.delta.map((row) => row.map((v, i) => (i === 0 ? (row.at(-1) ?? 1) / 5 : v))) },
    } as LabSummary;
    const before = await tableCounts(t);
    const states = await cardRows();
    const attempt = record(learner, vanishingRun({ summary: fabricated }));
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(record(learner, vanishingRun({ summary: fabricated }))).rejects.toThrow(/not what a run of these settings measures/);
    expect(await tableCounts(t)).toEqual(before);
    expect(await cardRows()).toEqual(states);
  });

  test("a run the request cannot wait for is answered verifying, and graded once the queue has verified it", async () => {
    const learner = await makeUser();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // A queue that holds the job until the test lets it go, as a slow verification would.
    setVerificationQueue(inProcessQueue(async (id) => {
      await gate;
      await verifyLabRun(id);
    }));
    try {
      const input = vanishingRun();
      const before = await tableCounts(t);
      const pending = await recordLabRun(learner, input, NOW, { waitMs: 50 });
      expect(pending).toMatchObject({ status: "verifying", outcomes: [] });
      expect(await labRunResult(learner, pending.runId)).toMatchObject({ status: "verifying" });
      expect(await tableCounts(t)).toEqual({ ...before, LabRun: (before.LabRun ?? 0) + 1 });
      release();
      const graded = await record(learner, input);
      expect(graded.status).toBe("graded");
      expect(graded.outcomes.map((o) => [o.key, o.verdict])).toEqual(reference().map((g) => [g.key, g.verdict]));
      expect(await labRunResult(learner, pending.runId)).toEqual(graded);
      // A second verification of the same run changes nothing.
      const after = await tableCounts(t);
      await verifyLabRun(pending.runId);
      expect(await tableCounts(t)).toEqual(after);
    } finally {
      release();
      setVerificationQueue(inProcessQueue(verifyLabRun));
    }
  });

  test("a refusal found after the answer leaves the run REFUSED, and the page reads why", async () => {
    const learner = await makeUser();
    const fabricated = { ...vanishingSummary, net: { ...vanishingNet(), finalTrainLoss: 0.01 } } as LabSummary;
    setVerificationQueue(inProcessQueue(async () => {}));
    let runIdOf = "";
    try {
      runIdOf = (await recordLabRun(learner, vanishingRun({ summary: fabricated }), NOW, { waitMs: 0 })).runId;
    } finally {
      setVerificationQueue(inProcessQueue(verifyLabRun));
    }
    await verifyLabRun(runIdOf);
    const result = await labRunResult(learner, runIdOf);
    expect(result).toMatchObject({ status: "refused", outcomes: [], error: expect.stringMatching(/net\.finalTrainLoss/) });
    expect(await t.db.reviewLog.count({ where: { userId: learner.id } })).toBe(0);
    await expect(labRunResult(await makeUser(), runIdOf)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a verification that keeps failing on the server ends the run REFUSED after its tries, and no card moves", async () => {
    const learner = await makeUser();
    let tries = 0;
    setVerificationQueue(inProcessQueue(async () => {
      tries++;
      throw new Error("the server's backend did not start");
    }, giveUpOnLabRun));
    try {
      const before = await tableCounts(t);
      await expect(recordLabRun(learner, vanishingRun(), NOW, { waitMs: 60_000 })).rejects.toThrow(/an error on the server's side/);
      expect(tries).toBe(VERIFY_ATTEMPTS);
      // Refused while the learner waited: the run is not kept, and nothing else was written.
      expect(await tableCounts(t)).toEqual(before);
    } finally {
      setVerificationQueue(inProcessQueue(verifyLabRun));
    }
  });

  test("a GPU run may differ from the server by rounding, and is graded on the server's numbers; a wasm run may not", async () => {
    const learner = await makeUser();
    const net = vanishingNet();
    const rounded = {
      ...vanishingSummary,
      net: { ...net, finalTrainLoss: (net.finalTrainLoss ?? 0) * 1.01, gradNorms: net.gradNorms.map((g) => (g === null ? null : g * 1.02)) },
    } as LabSummary;
    const gpu = await record(learner, vanishingRun({ backend: "webgl", summary: rounded }));
    expect(gpu.outcomes.map((o) => [o.key, o.verdict])).toEqual(reference().map((g) => [g.key, g.verdict]));
    const run = await t.db.labRun.findUniqueOrThrow({ where: { id: gpu.runId } });
    expect(run.verifiedMetrics).toEqual(vanishingSummary);
    await expect(record(learner, vanishingRun({ backend: "wasm", summary: rounded }))).rejects.toThrow(/first difference/);
  });

  test.runIf(dbKind === "postgres")("on PostgreSQL, verification runs as a pg-boss job", async () => {
    if (t.target.kind !== "postgres") return;
    const learner = await makeUser();
    const queue = await pgBossQueue(t.target.url, verifyLabRun);
    setVerificationQueue(queue);
    try {
      const result = await record(learner, vanishingRun());
      expect(result.status).toBe("graded");
      expect(result.outcomes.map((o) => [o.key, o.verdict])).toEqual(reference().map((g) => [g.key, g.verdict]));
      const jobs = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'lab-run-verify'`);
      expect(jobs[0]?.n).toBeGreaterThan(0);
    } finally {
      await queue.stop();
      setVerificationQueue(inProcessQueue(verifyLabRun));
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

    const result = await record(learner, vanishingRun());
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
