import { describe, expect, test } from "vitest";

import { formatTick, linearTicks, yDomain } from "@/components/labs/charts/draw";
import { appendMetrics, EMPTY_HISTORY, seriesOf } from "@/components/labs/run-history";
import type { VanishingMetrics } from "@/lib/labs/metrics";

function vanishing(step: number, trainLoss: number, withBoundary: boolean): VanishingMetrics {
  return {
    lab: "vanishing-gradients",
    step,
    totalSteps: 100,
    net: {
      trainLoss,
      trainAccuracy: 0.5,
      testLoss: trainLoss,
      testAccuracy: 0.5,
      gradNorms: [1e-3, 1],
      ...(withBoundary ? { boundary: { size: 2, extent: 1, probs: [0.1, 0.2, 0.3, step / 100] } } : {}),
    },
    flow: { delta: [[1e-3, 1], [1e-3, 1]], weight: [[1e-3, 1], [1e-3, 1]] },
    lossStdError: 0.01,
  };
}

describe("run history", () => {
  test("keeps every measurement without its boundary, and the latest boundary per network", () => {
    let history = appendMetrics(EMPTY_HISTORY, vanishing(0, 0.7, true));
    history = appendMetrics(history, vanishing(10, 0.6, false));
    expect(history.points.map((p) => p.step)).toEqual([0, 10]);
    expect(history.points.every((p) => p.lab === "vanishing-gradients" && !("boundary" in p.net))).toBe(true);
    expect(history.boundaries.net?.probs[3]).toBe(0);
    history = appendMetrics(history, vanishing(20, 0.5, true));
    expect(history.boundaries.net?.probs[3]).toBe(0.2);
    expect(history.latest?.step).toBe(20);
    expect(EMPTY_HISTORY.points).toEqual([]);
  });

  test("series leave out values that are not finite", () => {
    const points = [vanishing(0, 0.7, false), vanishing(10, Number.NaN, false), vanishing(20, 0.5, false)];
    expect(seriesOf(points, (m) => m.net.trainLoss)).toEqual([
      [0, 0.7],
      [20, 0.5],
    ]);
  });
});

describe("chart scales", () => {
  test("linear ticks are round numbers covering the range", () => {
    expect(linearTicks(0, 300, 5)).toEqual([0, 100, 200, 300]);
    expect(linearTicks(0, 0.7, 5)).toEqual([0, 0.2, 0.4, 0.6]);
    for (const [low, high] of [[0, 1], [0.13, 0.91], [-3, 17], [0, 2000]] as const) {
      const ticks = linearTicks(low, high);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.every((t) => t >= low - 1e-9 && t <= high + 1e-9)).toBe(true);
    }
  });

  test("log domains are whole decades around the positive values", () => {
    expect(yDomain([3e-7, 0.02, 1.5], "log")).toEqual([1e-7, 10]);
    expect(yDomain([0, -1], "log")).toEqual([1e-3, 1]);
    const [low, high] = yDomain([1e-30, 1], "log");
    expect(Math.log10(high) - Math.log10(low)).toBeLessThanOrEqual(16);
  });

  test("linear domains include the floor and pad the top", () => {
    const [low, high] = yDomain([0.3, 0.7], "linear", 0);
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(0.7);
  });

  test("tick labels stay short", () => {
    expect(formatTick(0)).toBe("0");
    expect(formatTick(1e-6)).toBe("1e-6");
    expect(formatTick(1500)).toBe("1.5k");
    expect(formatTick(0.25)).toBe("0.25");
  });
});
