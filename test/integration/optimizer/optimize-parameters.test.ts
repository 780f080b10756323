import { default_w } from "ts-fsrs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { lastFitReport, optimizeParameters } from "@/lib/db/optimizer";
import type { Viewer } from "@/lib/db/users";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { MIN_REVIEWS_FOR_OPTIMIZE, evaluate, type OptimizerLog } from "@/lib/srs/optimizer";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { createCards, createStudent, insertLogs } from "../stats/fixtures";
import { simulate } from "../../helpers/simulate-learner";

const START = new Date("2026-01-05T14:00:00Z");
const NOW = new Date("2026-07-10T12:00:00Z");
const SOURCES = ["REVIEW", "QUIZ", "LAB"] as const;

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let ada: Viewer;
let history: OptimizerLog[];

beforeAll(async () => {
  t = await migratedDatabase();
  ada = await createStudent(t.db, "ada@example.edu");
  const cards = await createCards(t.db, "opt", 240);
  const simulated = simulate("learner-1", 240, 180, START);
  history = simulated.map((log) => ({ cardId: cards[log.card]!, rating: log.rating, reviewedAt: log.reviewedAt }));
  // Every source counts: the history is spread over reviews, quizzes and labs.
  await insertLogs(
    t.db,
    ada.id,
    history.map((log, i) => ({ ...log, source: SOURCES[i % 3] })),
  );
});

afterAll(async () => {
  await t.drop();
});

describe(`optimizeParameters on ${dbKind}`, () => {
  test("refuses a small history with how many reviews there are and are needed, and writes nothing", async () => {
    const grace = await createStudent(t.db, "grace@example.edu");
    const cards = await createCards(t.db, "tiny", 5);
    await insertLogs(
      t.db,
      grace.id,
      cards.flatMap((cardId, i) => [
        { cardId, rating: 3, reviewedAt: new Date(START.getTime() + i * 60_000) },
        { cardId, rating: 3, reviewedAt: new Date(START.getTime() + 86_400_000 * 3 + i * 60_000) },
      ]),
    );
    const before = await tableCounts(t);
    const settingsBefore = await t.db.userSettings.findUnique({ where: { userId: grace.id } });
    const attempt = optimizeParameters(grace, NOW);
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toThrow(`at least ${MIN_REVIEWS_FOR_OPTIMIZE} reviews and you have 10`);
    expect(await tableCounts(t)).toEqual(before);
    expect(await t.db.userSettings.findUnique({ where: { userId: grace.id } })).toEqual(settingsBefore);

    const status = await lastFitReport(grace);
    expect(status).toEqual({
      fittedAt: null,
      report: null,
      usingFittedWeights: false,
      reviewCount: 10,
      minReviews: MIN_REVIEWS_FOR_OPTIMIZE,
      timeZone: "UTC",
    });
  });

  test("fits a simulated learner better than the defaults and saves the weights and the report", async () => {
    expect(history.length).toBeGreaterThan(MIN_REVIEWS_FOR_OPTIMIZE);
    const outcome = await optimizeParameters(ada, NOW);
    expect(outcome.applied).toBe(true);
    expect(outcome.report.reviews).toBe(history.length);
    // "before" is the defaults measured on the same history, as lib/srs computes it.
    // (The optimizer computes in float32 and sums items in its own order: equal to ~7 digits.)
    const defaults = evaluate(history, null);
    expect(outcome.report.before.logLoss).toBeCloseTo(defaults.logLoss, 6);
    expect(outcome.report.before.rmse).toBeCloseTo(defaults.rmse, 6);
    expect(outcome.report.after.logLoss).toBeLessThan(outcome.report.before.logLoss);
    expect(outcome.report.after.rmse).toBeLessThan(outcome.report.before.rmse);

    const saved = await t.db.userSettings.findUniqueOrThrow({
      where: { userId: ada.id },
      select: { fsrsWeights: true, paramsFittedAt: true, paramsFitReport: true },
    });
    expect(saved.fsrsWeights).toHaveLength(21);
    expect(saved.paramsFittedAt).toEqual(NOW);
    expect(evaluate(history, saved.fsrsWeights).logLoss).toBeCloseTo(outcome.report.after.logLoss, 6);
    // The learner's initial stability after Good (true value 9 days) is learned: closer than the default.
    expect(Math.abs(saved.fsrsWeights[2]! - 9)).toBeLessThan(Math.abs(default_w[2]! - 9));

    const status = await lastFitReport(ada);
    expect(status).toEqual({
      fittedAt: NOW.toISOString(),
      report: outcome.report,
      usingFittedWeights: true,
      reviewCount: history.length,
      minReviews: MIN_REVIEWS_FOR_OPTIMIZE,
      timeZone: "UTC",
    });
  });

  test("keeps the current weights when a new fit does not predict better, and writes nothing", async () => {
    const before = await t.db.userSettings.findUniqueOrThrow({ where: { userId: ada.id } });
    const later = new Date(NOW.getTime() + 3_600_000);
    const outcome = await optimizeParameters(ada, later);
    // The history is unchanged, so the fit lands on the weights already in use: no better.
    expect(outcome.report.before.logLoss).toBeCloseTo(evaluate(history, before.fsrsWeights).logLoss, 6);
    expect(outcome.applied).toBe(false);
    expect(outcome.message).toMatch(/nothing changed/);
    expect(await t.db.userSettings.findUniqueOrThrow({ where: { userId: ada.id } })).toEqual(before);
  });

  test("instructors are refused", async () => {
    const maria = await createStudent(t.db, "maria@example.edu", {}, "INSTRUCTOR");
    await expect(optimizeParameters(maria, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(lastFitReport(maria)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
