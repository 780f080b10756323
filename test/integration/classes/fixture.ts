import { randomUUID } from "node:crypto";

import { default_w } from "ts-fsrs";

import type { Db } from "@/lib/db/client";
import type { Viewer } from "@/lib/db/users";

/**
 * A small, hand-checkable world for the class views (NOW = 2026-03-10 12:00 UTC):
 * - course: concept alpha (cards a1, a2, and a3 retired), beta (b1), gamma (no cards), old (retired, card o1);
 * - Dr. Owner's class "Owned" with Ada (UTC, default weights), Grace (New York, w[20] = 0.5) and Alan (no activity);
 * - Dr. Other's class "Other" with Olga, whose data must never appear in Owned's views.
 */
export const NOW = new Date("2026-03-10T12:00:00Z");
export const DAY = 86_400_000;
export const GRACE_WEIGHTS = default_w.map((w, i) => (i === 20 ? 0.5 : w));

export interface World {
  owner: Viewer;
  other: Viewer;
  ada: Viewer;
  grace: Viewer;
  alan: Viewer;
  olga: Viewer;
  ownedClassId: string;
  otherClassId: string;
  ownedCode: string;
  otherCode: string;
}

const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

async function user(client: Db, id: string, name: string, role: "STUDENT" | "INSTRUCTOR", settings: { timezone?: string; fsrsWeights?: number[] } = {}): Promise<Viewer> {
  const email = `${id}@example.edu`;
  await client.user.create({
    data: { id, email, name, role, passwordHash: "x", settings: { create: { timezone: settings.timezone ?? "UTC", fsrsWeights: settings.fsrsWeights ?? [] } } },
  });
  return { id, email, name, role };
}

export async function seedWorld(client: Db): Promise<World> {
  const owner = await user(client, "owner", "Dr. Owner", "INSTRUCTOR");
  const other = await user(client, "other", "Dr. Other", "INSTRUCTOR");
  const ada = await user(client, "ada", "Ada Okafor", "STUDENT");
  const grace = await user(client, "grace", "Grace Lin", "STUDENT", { timezone: "America/New_York", fsrsWeights: GRACE_WEIGHTS });
  const alan = await user(client, "alan", "Alan Novak", "STUDENT");
  const olga = await user(client, "olga", "Olga Secretname", "STUDENT");

  const concept = (id: string, order: number, retiredAt: Date | null = null) =>
    client.concept.create({
      data: { id, key: id, title: `Concept ${id}`, group: "foundations", order, summary: "s", prerequisiteKeys: [], labKeys: [], sourceFile: `${id}.md`, contentHash: id, retiredAt },
    });
  await concept("alpha", 1);
  await concept("beta", 2);
  await concept("gamma", 3);
  await concept("old", 4, ago(100));
  const card = (id: string, conceptId: string, position: number, retiredAt: Date | null = null) =>
    client.card.create({ data: { id, key: id, conceptId, kind: "BASIC", front: `Front of ${id}`, back: "b", position, contentHash: id, retiredAt } });
  await card("a1", "alpha", 0);
  await card("a2", "alpha", 1);
  await card("a3", "alpha", 2, ago(50));
  await card("b1", "beta", 0);
  await card("o1", "old", 0);
  await client.lab.create({ data: { id: "lab1", key: "lab1", title: "Lab One", summary: "s", predictions: [], contentHash: "l" } });

  await client.class.create({ data: { id: "owned", name: "Owned", joinCode: "OWNED234", instructorId: owner.id, atRiskOverdue: 1 } });
  await client.class.create({ data: { id: "otherclass", name: "Other", joinCode: "OTHER234", instructorId: other.id } });
  for (const [userId, joinedAt] of [["ada", ago(60)], ["grace", ago(60)], ["alan", ago(37)]] as const) {
    await client.enrollment.create({ data: { classId: "owned", userId, joinedAt } });
  }
  await client.enrollment.create({ data: { classId: "otherclass", userId: "olga", joinedAt: ago(60) } });

  const state = (userId: string, cardId: string, s: { state: "NEW" | "LEARNING" | "REVIEW"; stability: number; lastReview: Date | null; due: Date }) =>
    client.cardState.create({ data: { userId, cardId, ...s, difficulty: 5, reps: 1 } });
  // Ada: a1 and a2 each exactly S days after their last review (R = 0.9); a1 was due yesterday.
  await state("ada", "a1", { state: "REVIEW", stability: 10, lastReview: ago(10), due: new Date("2026-03-09T10:00:00Z") });
  await state("ada", "a2", { state: "REVIEW", stability: 5, lastReview: ago(5), due: new Date("2026-03-10T20:00:00Z") });
  await state("ada", "a3", { state: "REVIEW", stability: 1, lastReview: ago(1), due: ago(3) });
  await state("ada", "o1", { state: "REVIEW", stability: 1, lastReview: ago(1), due: ago(3) });
  // Grace (New York, day starts 04:00 EDT = 08:00Z): a1 due 03:00 EDT today counts as overdue; a2 is new.
  await state("grace", "a1", { state: "REVIEW", stability: 2, lastReview: ago(2), due: new Date("2026-03-10T07:00:00Z") });
  await state("grace", "b1", { state: "LEARNING", stability: 1, lastReview: ago(1), due: new Date("2026-03-11T07:30:00Z") });
  await state("grace", "a2", { state: "NEW", stability: 0, lastReview: null, due: ago(9) });
  // Olga knows everything.
  for (const c of ["a1", "a2", "b1"]) await state("olga", c, { state: "REVIEW", stability: 100, lastReview: ago(1), due: ago(-50) });

  const log = (userId: string, at: string, rating: number, stateBefore: "LEARNING" | "REVIEW" = "REVIEW", cardId = "a1") =>
    client.reviewLog.create({
      data: {
        clientEventId: randomUUID(), userId, cardId, rating, source: "REVIEW", reviewedAt: new Date(at), stateBefore,
        dueBefore: new Date(at), stabilityBefore: 1, difficultyBefore: 5, elapsedDays: 1, lastElapsedDays: 1,
        scheduledDays: 1, learningSteps: 0, dueAfter: new Date(at), stabilityAfter: 2, difficultyAfter: 5,
      },
    });
  // Ada (UTC, 04:00): study days 10, 9, 7 (03:00Z on the 8th is still the 7th), 7, 5; the 8th is missing.
  await log("ada", "2026-03-10T05:00:00Z", 3);
  await log("ada", "2026-03-09T05:00:00Z", 1);
  await log("ada", "2026-03-08T03:00:00Z", 3, "LEARNING");
  await log("ada", "2026-03-07T10:00:00Z", 4);
  await log("ada", "2026-03-05T10:00:00Z", 2);
  await log("ada", "2026-02-01T10:00:00Z", 1); // outside the 30-day window
  await log("ada", "2026-03-11T05:00:00Z", 1); // after NOW: ignored
  // Grace (New York): study days 7, 8, 8, and 9 (07:30Z on the 10th is 03:30 EDT, still the 9th).
  await log("grace", "2026-03-07T12:00:00Z", 3);
  await log("grace", "2026-03-08T12:00:00Z", 3);
  await log("grace", "2026-03-09T03:00:00Z", 3);
  await log("grace", "2026-03-10T07:30:00Z", 3);
  for (let i = 0; i < 12; i++) await log("olga", `2026-03-0${(i % 9) + 1}T12:00:00Z`, 1);

  const quiz = (userId: string, startedAt: Date, submitted: boolean, correct: number, questions: number) =>
    client.quizAttempt.create({
      data: {
        userId, scope: "CONCEPT", mode: "END", conceptKeys: ["alpha"], seed: 1, startedAt,
        questionIds: Array.from({ length: questions }, (_, i) => `q${i}`),
        submittedAt: submitted ? new Date(startedAt.getTime() + 60_000) : null,
        correctCount: submitted ? correct : null,
      },
    });
  await quiz("ada", ago(3), true, 3, 4);
  await quiz("ada", ago(2), true, 1, 2);
  await quiz("ada", ago(1), false, 0, 3);
  await quiz("olga", ago(1), true, 4, 4);

  const outcome = (key: string, verdict: string) => ({ key, prompt: key, answer: true, verdict, measured: "", cards: [] });
  const lab = (userId: string, createdAt: Date, status: "GRADED" | "VERIFYING" | "REFUSED" = "GRADED") =>
    client.labRun.create({
      data: {
        clientRunId: randomUUID(), userId, labId: "lab1", config: {}, seed: 1, backend: "wasm", predictions: {}, metrics: {},
        outcomes: status === "GRADED" ? [outcome("p1", "confirmed"), outcome("p2", "refuted")] : [], createdAt, status,
      },
    });
  await lab("grace", ago(4));
  await lab("grace", new Date("2026-03-10T09:00:00Z"));
  await lab("olga", ago(1));
  // Neither a refused summary nor a run still being verified is evidence of anything: dashboards leave them out.
  await lab("grace", ago(2), "REFUSED");
  await lab("olga", ago(2), "VERIFYING");

  return { owner, other, ada, grace, alan, olga, ownedClassId: "owned", otherClassId: "otherclass", ownedCode: "OWNED234", otherCode: "OTHER234" };
}

/** R(t, S) written out independently of ts-fsrs and lib/srs. */
export function curve(tDays: number, stability: number, decay: number): number {
  const factor = Math.pow(0.9, -1 / decay) - 1;
  return Math.pow(1 + (factor * tDays) / stability, -decay);
}

export const DEFAULT_DECAY = default_w[20]!;
