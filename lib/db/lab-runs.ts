import "server-only";

import { createHash } from "node:crypto";

import { z } from "zod";

import { clozeFront } from "@/lib/content/cloze";
import { renderInline, renderMarkdown } from "@/lib/content/render";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { isLabKey, LAB_KEYS, type LabKey, parseLabConfig } from "@/lib/labs/configs";
import { isExperimentLab, isGradedLab, type LabSummary, labSummarySchema } from "@/lib/labs/metrics";
import { nodeLabAssets } from "@/lib/labs/node-assets";
import { findPrediction, gradePredictions, VERDICTS, verdictGrades } from "@/lib/labs/predictions";
import {
  type LabPredictionDto,
  type LabRunRequest,
  type LabRunResultDto,
  type MovedCardDto,
  type PredictionAnswer,
  predictionAnswerSchema,
  type PredictionOutcomeDto,
} from "@/lib/labs/run-report";
import { reproduceRun, summaryMismatch, toleranceFor } from "@/lib/labs/reproduce";
import { serverTf } from "@/lib/labs/server-tf";
import { ratingForLabPrediction } from "@/lib/srs/ratings";

import { db } from "./client";
import { Prisma } from "./generated/client";
import { verificationQueue } from "./lab-verification-queue";
import { isUniqueViolation } from "./prisma-errors";
import { recordReviews, type ReviewEvent, type ReviewOutcome } from "./reviews";
import type { Viewer } from "./users";

type Tx = Prisma.TransactionClient;

// `Lab.predictions` as content-sync stores it: each prediction's prompt and the card keys it grades.
const contentPredictionsSchema = z.array(
  z.object({ key: z.string(), prompt: z.string(), cards: z.array(z.string()) }),
);
type ContentPrediction = z.infer<typeof contentPredictionsSchema>[number];

// `LabRun.outcomes`: what was graded, and the live cards each prediction reviewed at the time (none for a
// verdict that moves no card). Runs recorded before verdicts existed stored `confirmed`.
const storedOutcomesSchema = z.array(
  z.preprocess(
    (value) =>
      value !== null && typeof value === "object" && !("verdict" in value) && "confirmed" in value
        ? { ...value, verdict: (value as { confirmed: unknown }).confirmed === true ? "confirmed" : "refuted" }
        : value,
    z.object({
      key: z.string(),
      prompt: z.string(),
      answer: predictionAnswerSchema,
      verdict: z.enum(VERDICTS),
      measured: z.string(),
      cards: z.array(z.string()),
    }),
  ),
);
type StoredOutcome = z.infer<typeof storedOutcomesSchema>[number];

/**
 * The review event id of one card graded by one prediction of one run: a name-based UUID (version 5 layout)
 * over the SHA-1 of the three keys, so a resent run produces the same ids and `recordReviews` writes once.
 */
export function labReviewEventId(clientRunId: string, predictionKey: string, cardKey: string): string {
  const hash = createHash("sha1").update(`${clientRunId.toLowerCase()}\u0000${predictionKey}\u0000${cardKey}`).digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6);
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function cardFrontHtml(card: { kind: "BASIC" | "CLOZE"; front: string }): string {
  return renderInline(card.kind === "CLOZE" ? clozeFront(card.front) : card.front);
}

/** The step a finished run of a runtime-trained lab reaches: its `steps`, or `epochs` for transfer learning. */
function finalStep(config: Record<string, unknown>): number | null {
  if (typeof config.steps === "number") return config.steps;
  if (typeof config.epochs === "number") return config.epochs;
  return null;
}

/** Checks everything that needs no database; returns the full config and the graded predictions. */
function validateRun(input: LabRunRequest) {
  const lab = input.lab;
  if (!isGradedLab(lab)) throw new ValidationError(`"${lab}" is not a lab whose runs can be recorded.`);
  const parsed = parseLabConfig(lab, input.config);
  if (!parsed.ok) throw new ValidationError(`The run's settings are not valid: ${parsed.error}.`);
  const config: Record<string, unknown> = parsed.config;
  if (typeof config.seed === "number" && config.seed !== input.seed) {
    throw new ValidationError(`The seed ${input.seed} does not match the run's settings (seed ${config.seed}).`);
  }
  if (input.summary.lab !== lab) {
    throw new ValidationError(`The measurements are from the ${input.summary.lab} lab, not ${lab}.`);
  }
  // Labs a learner drives on the page have a summary only once their run is complete; no step to check.
  const last = isExperimentLab(lab) ? finalStep(config) : null;
  if (last !== null && input.summary.steps !== last) {
    throw new ValidationError(
      `The run stopped after ${input.summary.steps} of ${last} steps; only finished runs are recorded.`,
    );
  }
  const graded = gradePredictions(lab, input.summary, parsed.config, input.predictions);
  if (!graded.ok) throw new ValidationError(`The predictions could not be graded: ${graded.error}.`);
  return { lab, config: parsed.config, graded: graded.graded };
}

/** How long recording a run waits for its verification before answering "verifying" (the page then polls). */
export const VERIFY_WAIT_MS = 2_500;

export interface RecordOptions {
  /** How long to wait for the verification (default VERIFY_WAIT_MS; 0 answers "verifying" at once). */
  readonly waitMs?: number;
}

/**
 * Records a finished lab run for a student. Nothing the page measured is graded: the run is saved as VERIFYING
 * (idempotent by `clientRunId`: a resend answers for the first one) and queued for the server, which reproduces
 * it from its lab, settings and seed (`verifyLabRun`) and only then grades the predictions on its own
 * measurements and writes one LAB review per linked card (confirmed is Good, refuted is Again). A quick run is
 * answered graded; a slow one "verifying", and the page asks again (`labRunResult`).
 *
 * @throws ValidationError (422) for input that is not a finished run of a lab, and for a summary the server
 *   measured differently (nothing is graded, no card moves, and the run is not kept; a refusal found after the
 *   answer leaves the run REFUSED, for the page that asks)
 */
export async function recordLabRun(
  viewer: Viewer,
  input: LabRunRequest,
  now: Date,
  options: RecordOptions = {},
): Promise<LabRunResultDto> {
  if (viewer.role !== "STUDENT") throw new ForbiddenError("Lab runs are recorded for students only.");
  const checked = validateRun(input);
  const clientRunId = input.clientRunId.toLowerCase();
  let run = await findRun(db(), clientRunId);
  if (!run) {
    try {
      run = await createPending(viewer, { ...input, clientRunId }, checked, now);
    } catch (error) {
      // Two requests with one clientRunId raced and the other inserted first: answer as a resend.
      if (!isUniqueViolation(error)) throw error;
      run = await findRun(db(), clientRunId);
      if (!run) throw error;
    }
  }
  // The id came from this learner's page; another learner's id is refused without saying whose it is.
  if (run.userId !== viewer.id) throw new ConflictError("This run id is already in use; start a new run.");
  if (run.status === "VERIFYING") await queueAndWait(run.id, options.waitMs ?? VERIFY_WAIT_MS);
  const result = await labRunResult(viewer, run.id);
  if (result.status === "refused") {
    // Refused while the learner waits: nothing of the run is kept (no review was written either).
    await db().labRun.deleteMany({ where: { id: run.id, status: "REFUSED" } });
    throw new ValidationError(result.error ?? "The server could not reproduce this run.");
  }
  return result;
}

async function findRun(client: Tx | ReturnType<typeof db>, clientRunId: string) {
  return client.labRun.findUnique({ where: { clientRunId }, select: { id: true, userId: true, status: true } });
}

async function createPending(viewer: Viewer, input: LabRunRequest, checked: ReturnType<typeof validateRun>, now: Date) {
  const lab = await db().lab.findUnique({ where: { key: checked.lab }, select: { id: true, retiredAt: true } });
  if (!lab || lab.retiredAt) throw new NotFoundError(`The lab "${checked.lab}" is not part of the course.`);
  return db().labRun.create({
    data: {
      clientRunId: input.clientRunId,
      userId: viewer.id,
      labId: lab.id,
      config: checked.config as Prisma.InputJsonValue,
      seed: BigInt(input.seed),
      backend: input.backend,
      predictions: input.predictions as Prisma.InputJsonValue,
      metrics: input.summary as Prisma.InputJsonValue,
      outcomes: [],
      status: "VERIFYING",
      stepsPerSecond: input.stepsPerSecond ?? null,
      durationMs: input.durationMs ?? null,
      createdAt: now,
    },
    select: { id: true, userId: true, status: true },
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Queues the run's verification (again, if a restart lost it) and waits up to `waitMs` for it. */
async function queueAndWait(runId: string, waitMs: number): Promise<void> {
  const queue = await verificationQueue(verifyLabRun, giveUpOnLabRun);
  const { done } = await queue.enqueue(runId);
  if (waitMs <= 0) return;
  if (done) {
    await Promise.race([done, sleep(waitMs)]);
    return;
  }
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    const row = await db().labRun.findUnique({ where: { id: runId }, select: { status: true } });
    if (row?.status !== "VERIFYING") return;
    await sleep(150);
  }
}

/**
 * Reproduces a VERIFYING run on the server (wasm) and grades it: the summary the page sent must match the
 * server's within the backend's tolerance, else the run is REFUSED and nothing is graded. The predictions are
 * graded on the server's summary; their reviews are dated when the run was recorded (or at `now`, when the
 * learner has graded one of the cards since, so the card's reviews stay in order). A run the server
 * cannot rebuild (a drawing, a typed kernel) is kept with every prediction ungraded. Runs already verified are
 * left alone, so a job that runs twice grades once.
 */
export async function verifyLabRun(runId: string, now: Date = new Date()): Promise<void> {
  const run = await db().labRun.findUnique({
    where: { id: runId },
    select: {
      id: true,
      clientRunId: true,
      userId: true,
      status: true,
      createdAt: true,
      config: true,
      backend: true,
      predictions: true,
      metrics: true,
      lab: { select: { key: true, predictions: true } },
    },
  });
  if (!run || run.status !== "VERIFYING") return;
  const lab = run.lab.key;
  if (!isLabKey(lab)) return refuse(run.id, `"${lab}" is no longer a lab of the course.`, null, 0);
  const config = parseLabConfig(lab, run.config);
  const sent = labSummarySchema.safeParse(run.metrics);
  if (!config.ok || !sent.success) return refuse(run.id, "The run's settings or measurements are no longer valid.", null, 0);
  const answers = z.record(z.string(), predictionAnswerSchema).parse(run.predictions);

  const tf = await serverTf();
  const cpuBefore = process.cpuUsage();
  const reproduced = await reproduceRun(tf, lab, config.config, sent.data, nodeLabAssets());
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);

  let graded;
  let note: string | null = null;
  if (reproduced.ok) {
    const mismatch = summaryMismatch(sent.data, reproduced.summary, toleranceFor(run.backend));
    if (mismatch) {
      const message = `These measurements are not what a run of these settings measures (the first difference is ${mismatch}), so no prediction is graded. Run the lab again from its page.`;
      return refuse(run.id, message, reproduced.summary, cpuMs);
    }
    graded = gradePredictions(lab, reproduced.summary, config.config, answers);
  } else {
    // Graded for the page's sake only: every verdict becomes "ungraded" below, and no card moves.
    graded = gradePredictions(lab, sent.data, config.config, answers);
    note = reproduced.reason;
  }
  if (!graded.ok) return refuse(run.id, `The predictions could not be graded: ${graded.error}.`, null, cpuMs);

  const linked = new Map(contentPredictions(run.lab.predictions).map((p) => [p.key, p] as const));
  const cardKeys = [...new Set(graded.graded.flatMap((g) => linked.get(g.key)?.cards ?? []))];
  const write = (reviewedAt: Date) =>
    db().$transaction(
    async (tx) => {
      const liveCards = await tx.card.findMany({ where: { key: { in: cardKeys }, retiredAt: null }, select: { id: true, key: true } });
      const cardIdByKey = new Map(liveCards.map((c) => [c.key, c.id] as const));
      const outcomes: StoredOutcome[] = graded.graded.map((g) => {
        const content = linked.get(g.key);
        const prediction = findPrediction(lab, g.key);
        const verdict = note === null ? g.verdict : "ungraded";
        // Only a decided verdict moves cards, and only the cards whose fact these settings exercise.
        const cards = verdictGrades(verdict)
          ? (content?.cards ?? []).filter((key) => cardIdByKey.has(key) && (prediction?.gradesCard(key, config.config) ?? false))
          : [];
        return {
          key: g.key,
          prompt: content?.prompt ?? g.key,
          answer: answers[g.key] as PredictionAnswer,
          verdict,
          measured: note === null ? g.measured : `${g.measured} Not graded: ${note}.`,
          cards,
        };
      });
      const { count } = await tx.labRun.updateMany({
        where: { id: run.id, status: "VERIFYING" },
        data: {
          status: "GRADED",
          outcomes: outcomes as Prisma.InputJsonValue,
          verifiedMetrics: reproduced.ok ? (reproduced.summary as Prisma.InputJsonValue) : Prisma.JsonNull,
          refusal: note,
          verifyCpuMs: cpuMs,
          verifiedAt: now,
        },
      });
      if (count === 0) return;
      const events = reviewEvents(run.userId, run.id, run.clientRunId, outcomes, cardIdByKey, reviewedAt);
      if (events.length > 0) await recordReviews(events, { now: reviewedAt, tx });
    },
    { timeout: 30_000, maxWait: 15_000 },
  );
  try {
    await write(run.createdAt);
  } catch (error) {
    // A linked card was graded after the run was recorded: its lab review comes after that grade.
    if (!(error instanceof ValidationError) || now.getTime() <= run.createdAt.getTime()) throw error;
    await write(now);
  }
}

/**
 * Ends a run the server failed to verify on every try (a fault on its side, not the learner's): it is REFUSED
 * with a reason that says so, nothing is graded, and the page stops waiting.
 */
export async function giveUpOnLabRun(runId: string, error: unknown): Promise<void> {
  console.error(`[lab-run-verify] gave up on ${runId}`, error);
  await refuse(
    runId,
    "The server could not rerun this run to check it (an error on the server's side, not in your run), so no prediction was graded. Run the lab again; if this keeps happening, tell your instructor.",
    null,
    0,
  );
}

async function refuse(runId: string, message: string, measured: LabSummary | null, cpuMs: number): Promise<void> {
  await db().labRun.updateMany({
    where: { id: runId, status: "VERIFYING" },
    data: {
      status: "REFUSED",
      refusal: message,
      verifiedMetrics: measured === null ? Prisma.JsonNull : (measured as Prisma.InputJsonValue),
      verifyCpuMs: cpuMs,
      verifiedAt: new Date(),
    },
  });
}

/**
 * Where one of the viewer's runs stands: verifying, graded (with the cards each prediction moved), or refused
 * (with the reason). Graded runs answer from their recorded reviews, so asking again writes nothing.
 *
 * @throws NotFoundError when the run does not exist or is not the viewer's
 */
export async function labRunResult(viewer: Viewer, runId: string): Promise<LabRunResultDto> {
  const run = await db().labRun.findUnique({
    where: { id: runId },
    select: {
      id: true,
      clientRunId: true,
      userId: true,
      status: true,
      outcomes: true,
      refusal: true,
      createdAt: true,
      verifiedAt: true,
      lab: { select: { key: true } },
    },
  });
  if (!run || run.userId !== viewer.id) throw new NotFoundError("That lab run was not found.");
  if (run.status === "VERIFYING") {
    const queue = await verificationQueue(verifyLabRun, giveUpOnLabRun);
    // A restart of an embedded-database app loses its in-process queue: queue the run again.
    if (!queue.holds(run.id)) void queue.enqueue(run.id);
    return { runId: run.id, clientRunId: run.clientRunId, lab: run.lab.key, status: "verifying", outcomes: [] };
  }
  if (run.status === "REFUSED") {
    return { runId: run.id, clientRunId: run.clientRunId, lab: run.lab.key, status: "refused", error: run.refusal ?? undefined, outcomes: [] };
  }
  const outcomes = storedOutcomesSchema.parse(run.outcomes);
  const keys = [...new Set(outcomes.flatMap((o) => o.cards))];
  // Cards retired since the run still have their logs; look them up whatever their state.
  const cards = await db().card.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } });
  const cardIdByKey = new Map(cards.map((c) => [c.key, c.id] as const));
  const events = reviewEvents(viewer.id, run.id, run.clientRunId, outcomes, cardIdByKey, run.createdAt);
  // Every event is recorded already: recordReviews answers with their first outcomes and writes nothing.
  const reviewed = events.length > 0 ? await recordReviews(events, { now: run.verifiedAt ?? run.createdAt }) : [];
  return resultOf(db(), run.id, run.clientRunId, run.lab.key, outcomes, reviewed, run.refusal);
}

function reviewEvents(
  userId: string,
  runId: string,
  clientRunId: string,
  outcomes: readonly StoredOutcome[],
  cardIdByKey: ReadonlyMap<string, string>,
  reviewedAt: Date,
): ReviewEvent[] {
  return outcomes.flatMap((outcome) => {
    if (!verdictGrades(outcome.verdict)) return [];
    const rating = ratingForLabPrediction(outcome.verdict);
    return outcome.cards.flatMap((cardKey): ReviewEvent[] => {
      const cardId = cardIdByKey.get(cardKey);
      if (!cardId) return [];
      return [
        {
          userId,
          cardId,
          rating,
          source: "LAB",
          reviewedAt,
          clientEventId: labReviewEventId(clientRunId, outcome.key, cardKey),
          labRunId: runId,
        },
      ];
    });
  });
}

async function resultOf(
  client: Tx | ReturnType<typeof db>,
  runId: string,
  clientRunId: string,
  lab: string,
  outcomes: readonly StoredOutcome[],
  reviewed: readonly ReviewOutcome[],
  note: string | null,
): Promise<LabRunResultDto> {
  const cardIds = [...new Set(reviewed.map((r) => r.cardId))];
  const cards = await client.card.findMany({
    where: { id: { in: cardIds } },
    select: { id: true, kind: true, front: true, concept: { select: { title: true } } },
  });
  const cardById = new Map(cards.map((c) => [c.id, c] as const));
  // Events were made outcome by outcome and card by card, and `recordReviews` answers in order.
  let next = 0;
  const dtoOutcomes: PredictionOutcomeDto[] = outcomes.map((outcome) => {
    const moved: MovedCardDto[] = [];
    for (const cardKey of verdictGrades(outcome.verdict) ? outcome.cards : []) {
      const review = reviewed[next];
      if (!review || review.cardKey !== cardKey) continue;
      next++;
      const card = cardById.get(review.cardId);
      moved.push({
        cardKey: review.cardKey,
        conceptKey: review.conceptKey,
        conceptTitle: card?.concept.title ?? review.conceptKey,
        frontHtml: card ? cardFrontHtml(card) : "",
        rating: review.rating,
        stateBefore: review.stateBefore,
        stateAfter: review.stateAfter,
        dueBefore: review.dueBefore ? review.dueBefore.toISOString() : null,
        dueAfter: review.dueAfter.toISOString(),
      });
    }
    return {
      key: outcome.key,
      prompt: outcome.prompt,
      answer: outcome.answer,
      verdict: outcome.verdict,
      measured: outcome.measured,
      cards: moved,
    };
  });
  return { runId, clientRunId, lab, status: "graded", note: note ?? undefined, outcomes: dtoOutcomes };
}

function contentPredictions(value: Prisma.JsonValue): ContentPrediction[] {
  const parsed = contentPredictionsSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

// --- pages ---------------------------------------------------------------------------------------------

const summaryCache = new Map<string, string>();

/** Renders a lab summary once per content version (rendering is pure). */
function summaryHtml(key: string, contentHash: string, summary: string): string {
  const cacheKey = `${key}:${contentHash}`;
  let html = summaryCache.get(cacheKey);
  if (html === undefined) {
    html = renderMarkdown(summary);
    summaryCache.set(cacheKey, html);
  }
  return html;
}

export interface LabListItemDto {
  readonly key: LabKey;
  readonly title: string;
  readonly summaryHtml: string;
  readonly predictionCount: number;
}

/** The course's live labs, in the order of `LAB_KEYS`. */
export async function labCatalog(): Promise<LabListItemDto[]> {
  const rows = await db().lab.findMany({
    where: { retiredAt: null, key: { in: [...LAB_KEYS] } },
    select: { key: true, title: true, summary: true, contentHash: true, predictions: true },
  });
  const order = (key: string) => (LAB_KEYS as readonly string[]).indexOf(key);
  return rows
    .sort((a, b) => order(a.key) - order(b.key))
    .map((row) => ({
      key: row.key as LabKey,
      title: row.title,
      summaryHtml: summaryHtml(row.key, row.contentHash, row.summary),
      predictionCount: contentPredictions(row.predictions).length,
    }));
}

export interface LabPageDto {
  readonly key: LabKey;
  readonly title: string;
  readonly summaryHtml: string;
  readonly predictions: readonly LabPredictionDto[];
  /** Whether the viewer's finished runs are recorded (and their predictions move cards). */
  readonly recordsRuns: boolean;
}

/**
 * A live lab for its page: the rendered summary and the predictions the page asks (prompt from the content,
 * answer options from the lab's code), each with the live cards it grades and the viewer's due dates for them.
 * NotFoundError for an unknown or retired lab.
 */
export async function labPage(viewer: Viewer, key: LabKey): Promise<LabPageDto> {
  const lab = await db().lab.findUnique({
    where: { key },
    select: { key: true, title: true, summary: true, contentHash: true, predictions: true, retiredAt: true },
  });
  if (!lab || lab.retiredAt) throw new NotFoundError(`The lab "${key}" is not part of the course.`);
  const predictions = contentPredictions(lab.predictions).flatMap((p) => {
    const spec = findPrediction(key, p.key);
    return spec ? [{ ...p, answer: spec.answer }] : [];
  });
  const cardKeys = [...new Set(predictions.flatMap((p) => p.cards))];
  const cards = await db().card.findMany({
    where: { key: { in: cardKeys }, retiredAt: null },
    select: {
      key: true,
      kind: true,
      front: true,
      concept: { select: { key: true, title: true } },
      states: { where: { userId: viewer.id }, select: { due: true } },
    },
  });
  const cardByKey = new Map(cards.map((c) => [c.key, c] as const));
  return {
    key,
    title: lab.title,
    summaryHtml: summaryHtml(lab.key, lab.contentHash, lab.summary),
    recordsRuns: viewer.role === "STUDENT",
    predictions: predictions.map((p) => ({
      key: p.key,
      prompt: p.prompt,
      answer: p.answer,
      cards: p.cards.flatMap((cardKey) => {
        const card = cardByKey.get(cardKey);
        if (!card) return [];
        return [
          {
            key: card.key,
            conceptKey: card.concept.key,
            conceptTitle: card.concept.title,
            frontHtml: cardFrontHtml(card),
            due: card.states[0]?.due.toISOString() ?? null,
          },
        ];
      }),
    })),
  };
}
