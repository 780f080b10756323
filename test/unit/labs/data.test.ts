import { describe, expect, test } from "vitest";

import { BOUNDARY_GRID, gridPoints, makeBatchSampler, makeDataset, makeRng } from "@/lib/labs/data";

const base = { kind: "circles", trainSize: 200, testSize: 100, labelNoise: 0, seed: 7 } as const;

function labelsOf(points: { count: number; labels: Float32Array }): number[] {
  return Array.from(points.labels);
}

describe("datasets", () => {
  test("the same seed gives the same points; another seed does not", () => {
    const a = makeDataset(base);
    const b = makeDataset(base);
    const c = makeDataset({ ...base, seed: 8 });
    expect(Array.from(a.train.xs)).toEqual(Array.from(b.train.xs));
    expect(Array.from(a.test.labels)).toEqual(Array.from(b.test.labels));
    expect(Array.from(a.train.xs)).not.toEqual(Array.from(c.train.xs));
  });

  test("sizes match and both splits are balanced", () => {
    for (const kind of ["spirals", "circles", "xor"] as const) {
      const { train, test: held } = makeDataset({ ...base, kind });
      expect(train.count).toBe(200);
      expect(train.xs).toHaveLength(400);
      expect(held.labels).toHaveLength(100);
      expect(labelsOf(train).filter((l) => l === 1)).toHaveLength(100);
      expect(labelsOf(held).filter((l) => l === 1)).toHaveLength(50);
    }
  });

  test("without noise, labels follow each dataset's geometry", () => {
    const circles = makeDataset(base).train;
    const xor = makeDataset({ ...base, kind: "xor" }).train;
    for (let i = 0; i < circles.count; i++) {
      const r = Math.hypot(circles.xs[2 * i] as number, circles.xs[2 * i + 1] as number);
      if (circles.labels[i] === 1) expect(r).toBeLessThanOrEqual(0.5);
      else expect(r).toBeGreaterThanOrEqual(0.7);
      const product = (xor.xs[2 * i] as number) * (xor.xs[2 * i + 1] as number);
      expect(product > 0 ? 1 : 0).toBe(xor.labels[i]);
    }
  });

  test("spiral points stay near the unit disc", () => {
    const { train } = makeDataset({ ...base, kind: "spirals", trainSize: 1000 });
    for (let i = 0; i < train.count; i++) {
      expect(Math.hypot(train.xs[2 * i] as number, train.xs[2 * i + 1] as number)).toBeLessThan(1.2);
    }
  });

  test("label noise flips about that share of labels, in the train and the test split", () => {
    const clean = makeDataset({ ...base, trainSize: 4000, testSize: 4000 });
    const noisy = makeDataset({ ...base, trainSize: 4000, testSize: 4000, labelNoise: 0.2 });
    for (const split of ["train", "test"] as const) {
      // Classes alternate point by point, so the clean label of point i is i % 2.
      expect(labelsOf(clean[split]).every((l, i) => l === i % 2)).toBe(true);
      const flipped = labelsOf(noisy[split]).filter((l, i) => l !== i % 2).length / 4000;
      expect(flipped).toBeGreaterThan(0.17);
      expect(flipped).toBeLessThan(0.23);
    }
  });
});

describe("seeded helpers", () => {
  test("streams of one seed are independent and reproducible", () => {
    const a = makeRng(1, "data");
    const b = makeRng(1, "data");
    const c = makeRng(1, "init");
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const v of first) expect(v >= 0 && v < 1).toBe(true);
  });

  test("the batch sampler deals every index once per epoch", () => {
    const sampler = makeBatchSampler(10, makeRng(3, "batches"));
    const epoch1 = [...sampler.next(4), ...sampler.next(4), ...sampler.next(2)];
    const epoch2 = Array.from(sampler.next(10));
    expect([...epoch1].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...epoch2].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch2).not.toEqual(epoch1);
  });

  test("grid cells run row by row from the top left", () => {
    const points = gridPoints({ size: 4, extent: 1 });
    expect(Array.from(points.subarray(0, 4))).toEqual([-0.75, 0.75, -0.25, 0.75]);
    expect(Array.from(points.subarray(30, 32))).toEqual([0.75, -0.75]);
    expect(gridPoints(BOUNDARY_GRID)).toHaveLength(BOUNDARY_GRID.size * BOUNDARY_GRID.size * 2);
  });
});
