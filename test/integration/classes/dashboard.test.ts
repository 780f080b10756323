import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import { removeStudent } from "@/lib/db/classes";
import { classDashboard, conceptProgress, studentProgress } from "@/lib/db/dashboard";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { parseForecastDate } from "@/lib/progress/forecast";

import { dbKind, migratedDatabase } from "../../helpers/db";
import { curve, DEFAULT_DECAY, NOW, seedWorld, type World } from "./fixture";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let w: World;
beforeAll(async () => {
  t = await migratedDatabase();
  w = await seedWorld(t.db);
});
afterAll(async () => {
  await t.drop();
});

const forecast = parseForecastDate("2026-03-20", NOW);
if (!forecast.ok) throw new Error(forecast.error);
const options = { now: NOW, forecastDate: forecast.date, forecastAt: forecast.at };

// Forecast instant: 2026-03-20 12:00 UTC, ten days after NOW.
const ADA_ALPHA_FORECAST = (curve(20, 10, DEFAULT_DECAY) + curve(15, 5, DEFAULT_DECAY)) / 2;
const GRACE_ALPHA_FORECAST = curve(12, 2, 0.5) / 2;
const GRACE_BETA_FORECAST = curve(11, 1, 0.5);

describe(`class dashboard on ${dbKind}`, () => {
  test("the reference curve matches values worked out by hand", () => {
    // decay 0.5: factor = 0.9^-2 - 1 = 0.234568; R(12, 2) = (1 + 6 * 0.234568)^-0.5 = 0.64450
    expect(curve(12, 2, 0.5)).toBeCloseTo(0.6445, 4);
    // R(S, S) = 0.9 for any decay
    expect(curve(10, 10, DEFAULT_DECAY)).toBeCloseTo(0.9, 10);
  });

  test("concept mastery now and on the forecast date, and the forgetting order", async () => {
    const d = await classDashboard(w.owner, w.ownedClassId, options);
    expect(d.forecastAt).toEqual(new Date("2026-03-20T12:00:00Z"));
    // Retired concept "old" and retired card a3 are not part of the course.
    expect(d.concepts.map((c) => [c.key, c.cardCount])).toEqual([["alpha", 2], ["beta", 1], ["gamma", 0]]);
    const [alpha, beta, gamma] = d.concepts;
    // alpha now: Ada (0.9 + 0.9) / 2, Grace (0.9 + 0) / 2, Alan 0 -> (0.9 + 0.45 + 0) / 3 = 0.45
    expect(alpha!.masteryNow).toBeCloseTo(0.45, 7);
    expect(beta!.masteryNow).toBeCloseTo(0.3, 7); // only Grace's b1 at 0.9, over 3 students
    expect(gamma!.masteryNow).toBeNull();
    expect(alpha!.masteryForecast).toBeCloseTo((ADA_ALPHA_FORECAST + GRACE_ALPHA_FORECAST) / 3, 6);
    expect(beta!.masteryForecast).toBeCloseTo(GRACE_BETA_FORECAST / 3, 6);
    expect(alpha!.coverage).toBeCloseTo(3 / 6, 10);
    expect(beta!.coverage).toBeCloseTo(1 / 3, 10);
    // beta is forecast at 0.176, alpha at 0.383; gamma has no cards and comes last.
    expect(d.forgettingOrder).toEqual(["beta", "alpha", "gamma"]);
  });

  test("per-student metrics follow each learner's clock, weights and history", async () => {
    const d = await classDashboard(w.owner, w.ownedClassId, options);
    expect(d.students.map((s) => s.name)).toEqual(["Ada Okafor", "Alan Novak", "Grace Lin"]);
    const [ada, alan, grace] = d.students;
    expect(ada).toMatchObject({
      streakDays: 2, // study days 9 and 10; the 8th has no review (03:00Z counts for the 7th)
      reviews7d: 5,
      retention30d: 0.75,
      retentionReviews30d: 4,
      quizAverage: 0.625,
      quizzesTaken: 2,
      labRuns: 0,
      dueToday: 2,
      overdue: 1,
      lastActiveAt: new Date("2026-03-10T05:00:00Z"),
    });
    expect(ada!.masteryNow).toBeCloseTo((0.9 * 2) / 3, 7);
    expect(ada!.risk).toEqual([{ kind: "overdue", overdue: 1, threshold: 1 }]);
    expect(grace).toMatchObject({
      streakDays: 3, // New York study days 7, 8, 9; none today yet, so it is still alive
      reviews7d: 4,
      retention30d: 1,
      quizAverage: null,
      quizzesTaken: 0,
      labRuns: 2,
      dueToday: 2,
      overdue: 1, // due 03:00 EDT, before her day began at 04:00
      lastActiveAt: new Date("2026-03-10T09:00:00Z"),
    });
    expect(grace!.masteryForecast).toBeCloseTo((GRACE_ALPHA_FORECAST * 2 + GRACE_BETA_FORECAST) / 3, 6);
    expect(alan).toMatchObject({ streakDays: 0, reviews7d: 0, retention30d: null, lastActiveAt: null, masteryNow: 0 });
    expect(alan!.risk).toEqual([{ kind: "inactive", days: 37, threshold: 7, neverActive: true }]);
    expect(d.heatmap.now[0]).toEqual([expect.closeTo(0.9, 7), 0, null]);
    // Another class's student appears nowhere.
    expect(JSON.stringify(d)).not.toMatch(/olga|Secretname/i);
  });

  test("the number of queries does not grow with the class (counted on PGlite)", async () => {
    if (dbKind !== "pglite" || !t.pglite) return;
    const spy = vi.spyOn(t.pglite, "query");
    await classDashboard(w.owner, w.ownedClassId, options);
    const forThree = spy.mock.calls.length;
    expect(forThree).toBeGreaterThan(0);
    for (let i = 0; i < 8; i++) {
      await t.db.user.create({ data: { id: `extra${i}`, email: `extra${i}@example.edu`, name: `Extra ${i}`, passwordHash: "x" } });
      await t.db.enrollment.create({ data: { classId: "otherclass", userId: `extra${i}` } });
      await t.db.cardState.create({ data: { userId: `extra${i}`, cardId: "a1", due: NOW, state: "REVIEW", stability: 3, lastReview: NOW } });
    }
    spy.mockClear();
    await classDashboard(w.other, w.otherClassId, options);
    expect(spy.mock.calls.length).toBe(forThree);
    spy.mockRestore();
  });

  test("a student's page and a concept's page", async () => {
    const s = await studentProgress(w.owner, w.ownedClassId, w.ada.id, options);
    expect(s.summary.name).toBe("Ada Okafor");
    expect(s.concepts.map((c) => [c.key, c.studied])).toEqual([["alpha", 2], ["beta", 0], ["gamma", 0]]);
    expect(s.concepts[0]!.masteryNow).toBeCloseTo(0.9, 7);
    expect(s.concepts[0]!.masteryForecast).toBeCloseTo(ADA_ALPHA_FORECAST, 6);
    // Newest first, nothing after NOW.
    expect(s.recentActivity[0]).toMatchObject({ reviewedAt: new Date("2026-03-10T05:00:00Z"), conceptKey: "alpha", rating: 3 });
    expect(s.recentActivity).toHaveLength(6);
    expect(s.quizzes.map((q) => [q.correct, q.questions])).toEqual([[null, 3], [1, 2], [3, 4]]);
    const g = await studentProgress(w.owner, w.ownedClassId, w.grace.id, options);
    expect(g.labRuns).toHaveLength(2);
    expect(g.labRuns[0]).toMatchObject({ labTitle: "Lab One", predictions: 2, confirmed: 1 });

    const c = await conceptProgress(w.owner, w.ownedClassId, "alpha", options);
    expect(c.concept.masteryNow).toBeCloseTo(0.45, 7);
    expect(c.students.map((r) => r.name)).toEqual(["Alan Novak", "Grace Lin", "Ada Okafor"]);
    expect(c.cards.map((r) => [r.key, r.studied])).toEqual([["a1", 2], ["a2", 1]]);
    expect(c.cards[0]!.recallNow).toBeCloseTo((0.9 + 0.9) / 3, 7);
    expect(JSON.stringify([s, g, c])).not.toMatch(/olga|Secretname/i);
  });

  test("only the owner sees the class, its students and its concepts", async () => {
    await expect(classDashboard(w.other, w.ownedClassId, options)).rejects.toBeInstanceOf(NotFoundError);
    await expect(classDashboard(w.ada, w.ownedClassId, options)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(classDashboard(w.owner, "no-such-class", options)).rejects.toBeInstanceOf(NotFoundError);
    await expect(studentProgress(w.other, w.ownedClassId, w.ada.id, options)).rejects.toBeInstanceOf(NotFoundError);
    await expect(studentProgress(w.owner, w.ownedClassId, w.olga.id, options)).rejects.toBeInstanceOf(NotFoundError);
    await expect(studentProgress(w.ada, w.ownedClassId, w.grace.id, options)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(conceptProgress(w.other, w.ownedClassId, "alpha", options)).rejects.toBeInstanceOf(NotFoundError);
    await expect(conceptProgress(w.owner, w.ownedClassId, "old", options)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a removed student leaves every view of the class", async () => {
    await removeStudent(w.owner, w.ownedClassId, w.grace.id);
    const d = await classDashboard(w.owner, w.ownedClassId, options);
    expect(d.students.map((s) => s.name)).toEqual(["Ada Okafor", "Alan Novak"]);
    expect(d.concepts[0]!.masteryNow).toBeCloseTo(0.9 / 2, 7);
    expect(JSON.stringify(d)).not.toContain("Grace");
    await expect(studentProgress(w.owner, w.ownedClassId, w.grace.id, options)).rejects.toBeInstanceOf(NotFoundError);
    const c = await conceptProgress(w.owner, w.ownedClassId, "beta", options);
    expect(JSON.stringify(c)).not.toContain("Grace");
  });
});
