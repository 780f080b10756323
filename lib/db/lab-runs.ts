import "server-only";

import { createHash } from "node:crypto";

import { z } from "zod";

import { clozeFront } from "@/lib/content/cloze";
import { renderInline, renderMarkdown } from "@/lib/content/render";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { LAB_KEYS, type LabKey, parseLabConfig } from "@/lib/labs/configs";
import { isExperimentLab, isGradedLab } from "@/lib/labs/metrics";
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
import { ratingForLabPrediction } from "@/lib/srs/ratings";

import { db, type Prisma } from "./client";
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

/**
 * Records a finished lab run for a student, in one transaction: the LabRun row (idempotent by
 * `clientRunId`: a resend returns the first result and writes nothing), the grade of each prediction, and
 * one LAB review event per card linked to each prediction (confirmed is Good, refuted is Again) through
 * `recordReviews`, which introduces cards not yet in the learner's collection. A run without predictions
 * is saved and moves no card. Retired cards are skipped.
 */
export async function recordLabRun(viewer: Viewer, input: LabRunRequest, now: Date): Promise<LabRunResultDto> {
  if (viewer.role !== "STUDENT") throw new ForbiddenError("Lab runs are recorded for students only.");
  const checked = validateRun(input);
  const clientRunId = input.clientRunId.toLowerCase();
  const options = { timeout: 30_000, maxWait: 15_000 };
  try {
    return await db().$transaction((tx) => writeRun(tx, viewer, { ...input, clientRunId }, checked, now), options);
  } catch (error) {
    // Two requests with one clientRunId raced and the other inserted first: answer as a resend.
    if (!isUniqueViolation(error)) throw error;
    return db().$transaction(async (tx) => {
      const existing = await findRun(tx, clientRunId);
      if (!existing) throw error;
      return replayRun(tx, viewer, existing, now);
    }, options);
  }
}

async function findRun(tx: Tx, clientRunId: string) {
  return tx.labRun.findUnique({
    where: { clientRunId },
    select: { id: true, clientRunId: true, userId: true, outcomes: true, createdAt: true, lab: { select: { key: true } } },
  });
}
type ExistingRun = NonNullable<Awaited<ReturnType<typeof findRun>>>;

async function writeRun(
  tx: Tx,
  viewer: Viewer,
  input: LabRunRequest,
  checked: ReturnType<typeof validateRun>,
  now: Date,
): Promise<LabRunResultDto> {
  const existing = await findRun(tx, input.clientRunId);
  if (existing) return replayRun(tx, viewer, existing, now);

  const lab = await tx.lab.findUnique({ where: { key: checked.lab }, select: { id: true, predictions: true, retiredAt: true } });
  if (!lab || lab.retiredAt) throw new NotFoundError(`The lab "${checked.lab}" is not part of the course.`);
  const linked = new Map(contentPredictions(lab.predictions).map((p) => [p.key, p] as const));

  const cardKeys = [...new Set(checked.graded.flatMap((g) => linked.get(g.key)?.cards ?? []))];
  const liveCards = await tx.card.findMany({
    where: { key: { in: cardKeys }, retiredAt: null },
    select: { id: true, key: true },
  });
  const cardIdByKey = new Map(liveCards.map((c) => [c.key, c.id] as const));

  const outcomes: StoredOutcome[] = checked.graded.map((g) => {
    const content = linked.get(g.key);
    const prediction = findPrediction(checked.lab, g.key);
    // Only a decided verdict moves cards, and only the cards whose fact these settings exercise.
    const cards = verdictGrades(g.verdict)
      ? (content?.cards ?? []).filter((key) => cardIdByKey.has(key) && (prediction?.gradesCard(key, checked.config) ?? false))
      : [];
    return {
      key: g.key,
      prompt: content?.prompt ?? g.key,
      answer: input.predictions[g.key] as PredictionAnswer,
      verdict: g.verdict,
      measured: g.measured,
      cards,
    };
  });

  const run = await tx.labRun.create({
    data: {
      clientRunId: input.clientRunId,
      userId: viewer.id,
      labId: lab.id,
      config: checked.config as Prisma.InputJsonValue,
      seed: BigInt(input.seed),
      backend: input.backend,
      predictions: input.predictions as Prisma.InputJsonValue,
      metrics: input.summary as Prisma.InputJsonValue,
      outcomes: outcomes as Prisma.InputJsonValue,
      stepsPerSecond: input.stepsPerSecond ?? null,
      durationMs: input.durationMs ?? null,
      createdAt: now,
    },
    select: { id: true, clientRunId: true },
  });

  const events = reviewEvents(viewer.id, run.id, run.clientRunId, outcomes, cardIdByKey, now);
  const reviewed = events.length > 0 ? await recordReviews(events, { now, tx }) : [];
  return resultOf(tx, run.id, run.clientRunId, checked.lab, outcomes, reviewed, false);
}

/** A resend: the run is already recorded. Its review events are replayed, which `recordReviews` answers
 * with their first outcomes and without writing. */
async function replayRun(tx: Tx, viewer: Viewer, run: ExistingRun, now: Date): Promise<LabRunResultDto> {
  // The id came from this learner's page; another learner's id is refused without saying whose it is.
  if (run.userId !== viewer.id) throw new ConflictError("This run id is already in use; start a new run.");
  const outcomes = storedOutcomesSchema.parse(run.outcomes);
  const keys = [...new Set(outcomes.flatMap((o) => o.cards))];
  // Cards retired since the run still have their logs; look them up whatever their state.
  const cards = await tx.card.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } });
  const cardIdByKey = new Map(cards.map((c) => [c.key, c.id] as const));
  const events = reviewEvents(viewer.id, run.id, run.clientRunId, outcomes, cardIdByKey, run.createdAt);
  const reviewed = events.length > 0 ? await recordReviews(events, { now, tx }) : [];
  return resultOf(tx, run.id, run.clientRunId, run.lab.key, outcomes, reviewed, true);
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
  tx: Tx,
  runId: string,
  clientRunId: string,
  lab: string,
  outcomes: readonly StoredOutcome[],
  reviewed: readonly ReviewOutcome[],
  duplicate: boolean,
): Promise<LabRunResultDto> {
  const cardIds = [...new Set(reviewed.map((r) => r.cardId))];
  const cards = await tx.card.findMany({
    where: { id: { in: cardIds } },
    select: { id: true, kind: true, front: true, concept: { select: { title: true } } },
  });
  const cardById = new Map(cards.map((c) => [c.id, c] as const));
  // Events were made outcome by outcome and card by card, and `recordReviews` answers in order.
  let next = 0;
  const dtoOutcomes: PredictionOutcomeDto[] = outcomes.map((outcome) => {
    const moved: MovedCardDto[] = [];
    for (const cardKey of outcome.cards) {
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
  return { runId, clientRunId, lab, duplicate, outcomes: dtoOutcomes };
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
