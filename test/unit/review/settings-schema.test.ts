import { describe, expect, test } from "vitest";

import { reviewSettingsSchema, splitSteps, stepMinutes } from "@/lib/review/settings-schema";

const valid = {
  desiredRetention: "0.9",
  newPerDay: "20",
  maxReviewsPerDay: "200",
  learningSteps: "1m 10m",
  relearningSteps: "10m",
  timezone: "Europe/Berlin",
  dayStartHour: "4",
};

function errorsOf(input: Record<string, unknown>) {
  const result = reviewSettingsSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe("review settings schema", () => {
  test("parses form strings into numbers and step lists", () => {
    expect(reviewSettingsSchema.parse(valid)).toEqual({
      desiredRetention: 0.9,
      newPerDay: 20,
      maxReviewsPerDay: 200,
      learningSteps: ["1m", "10m"],
      relearningSteps: ["10m"],
      timezone: "Europe/Berlin",
      dayStartHour: 4,
    });
    expect(splitSteps(" 1M, 10m  1h ")).toEqual(["1m", "10m", "1h"]);
    expect(reviewSettingsSchema.parse({ ...valid, relearningSteps: "" }).relearningSteps).toEqual([]);
    expect([stepMinutes("10m"), stepMinutes("2h"), stepMinutes("1d")]).toEqual([10, 120, 1440]);
  });

  test("each bad field gets its own message", () => {
    expect(errorsOf({ ...valid, desiredRetention: "0.5" })).toEqual({ desiredRetention: expect.stringContaining("at least 0.7") });
    expect(errorsOf({ ...valid, desiredRetention: "1" })).toEqual({ desiredRetention: expect.stringContaining("at most 0.99") });
    expect(errorsOf({ ...valid, newPerDay: "2.5" })).toEqual({ newPerDay: expect.stringContaining("whole number") });
    expect(errorsOf({ ...valid, maxReviewsPerDay: "-1" })).toEqual({ maxReviewsPerDay: expect.stringContaining("negative") });
    expect(errorsOf({ ...valid, learningSteps: "" })).toEqual({ learningSteps: expect.stringContaining("at least one step") });
    expect(errorsOf({ ...valid, learningSteps: "1m 10 minutes" })).toEqual({ learningSteps: expect.stringContaining('"10" is not a step') });
    expect(errorsOf({ ...valid, relearningSteps: "40d" })).toEqual({ relearningSteps: expect.stringContaining("at most 30 days") });
    expect(errorsOf({ ...valid, timezone: "Mars/Olympus" })).toEqual({ timezone: expect.stringContaining("IANA") });
    expect(errorsOf({ ...valid, timezone: "+05:00" })).toEqual({ timezone: expect.stringContaining("IANA") });
    expect(errorsOf({ ...valid, dayStartHour: "24" })).toEqual({ dayStartHour: expect.stringContaining("0 to 23") });
  });
});
