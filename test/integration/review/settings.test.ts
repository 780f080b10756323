import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ZodError } from "zod";

import { recordReview } from "@/lib/db/reviews";
import { updateUserSettings, userSettings } from "@/lib/db/settings";

import { dbKind, migratedDatabase, tableCounts } from "../../helpers/db";
import { cardId, eventId, reviewFixture, type ReviewFixture } from "./fixtures";

let t: Awaited<ReturnType<typeof migratedDatabase>>;
let f: ReviewFixture;
beforeAll(async () => {
  t = await migratedDatabase();
  f = await reviewFixture(t.db);
});
afterAll(async () => {
  await t.drop();
});

const form = {
  desiredRetention: "0.85",
  newPerDay: "5",
  maxReviewsPerDay: "50",
  learningSteps: "2m 15m",
  relearningSteps: "",
  timezone: "Asia/Kolkata",
  dayStartHour: "5",
};

describe(`review settings on ${dbKind}`, () => {
  test("a learner with no settings row sees the defaults, and saving creates one", async () => {
    expect(await userSettings(f.bob)).toMatchObject({ desiredRetention: 0.9, newPerDay: 20, learningSteps: ["1m", "10m"], timezone: "UTC", hasFittedWeights: false });
    const saved = await updateUserSettings(f.bob, form);
    expect(saved).toMatchObject({ desiredRetention: 0.85, newPerDay: 5, maxReviewsPerDay: 50, learningSteps: ["2m", "15m"], relearningSteps: [], timezone: "Asia/Kolkata", dayStartHour: 5 });
    expect(await userSettings(f.bob)).toEqual(saved);
  });

  test("the saved settings drive the scheduler: the first learning step is 2 minutes", async () => {
    const at = new Date("2026-06-01T10:00:00Z");
    const outcome = await recordReview({ userId: f.bob.id, cardId: cardId(f, "a1"), rating: 1, source: "REVIEW", reviewedAt: at, clientEventId: eventId() }, { now: at });
    expect(outcome.dueAfter).toEqual(new Date(at.getTime() + 2 * 60_000));
  });

  test("invalid settings are refused field by field and nothing is written", async () => {
    const before = await tableCounts(t);
    const stored = await userSettings(f.ada);
    const attempt = updateUserSettings(f.ada, { ...form, desiredRetention: "0.6", timezone: "Nowhere/Land" });
    await expect(attempt).rejects.toBeInstanceOf(ZodError);
    const error = (await attempt.catch((e: unknown) => e)) as ZodError;
    expect(error.issues.map((i) => i.path[0]).sort()).toEqual(["desiredRetention", "timezone"]);
    expect(await tableCounts(t)).toEqual(before);
    expect(await userSettings(f.ada)).toEqual(stored);
  });
});
