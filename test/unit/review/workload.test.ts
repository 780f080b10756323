import { describe, expect, test } from "vitest";

import { decayOf, forgettingCurve } from "@/lib/srs";
import { DEFAULT_DECAY, intervalForRetention, relativeWorkload } from "@/lib/review/workload";

describe("desired retention workload estimate", () => {
  test("uses the scheduler's default decay", () => {
    expect(DEFAULT_DECAY).toBe(decayOf(null));
  });

  test("the interval is where the forgetting curve meets the desired retention", () => {
    for (const r of [0.7, 0.8, 0.9, 0.95, 0.99]) {
      for (const s of [1, 10, 100]) {
        expect(forgettingCurve(intervalForRetention(r, s), s, null)).toBeCloseTo(r, 6);
      }
    }
    expect(intervalForRetention(0.9, 17)).toBeCloseTo(17, 10);
  });

  test("higher retention costs more reviews, steeply near the top", () => {
    expect(relativeWorkload(0.9)).toBeCloseTo(1, 12);
    const grid = [0.75, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];
    const loads = grid.map((r) => relativeWorkload(r));
    for (let i = 1; i < loads.length; i++) expect(loads[i]).toBeGreaterThan(loads[i - 1] as number);
    // Each step of 0.02 at the top costs more than the step from 0.9 to 0.95.
    expect(relativeWorkload(0.99) - relativeWorkload(0.97)).toBeGreaterThan(relativeWorkload(0.95) - relativeWorkload(0.9));
  });
});
