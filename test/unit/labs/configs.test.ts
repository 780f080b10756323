import { describe, expect, test } from "vitest";

import {
  defaultLabConfig,
  fromSearchParams,
  LAB_KEYS,
  type LabKey,
  parseLabConfig,
  toSearchParams,
} from "@/lib/labs/configs";
import { labs } from "@/lib/labs/registry";

describe("lab configs", () => {
  test("every lab has a schema whose defaults parse", () => {
    for (const lab of LAB_KEYS) {
      const defaults = defaultLabConfig(lab);
      expect(labs[lab].config.safeParse(defaults).success).toBe(true);
      expect(parseLabConfig(lab, {})).toEqual({ ok: true, config: defaults });
    }
  });

  test("a card preset fills in the rest from the defaults", () => {
    const result = parseLabConfig("vanishing-gradients", { depth: 20, activation: "sigmoid", init: "small" });
    expect(result).toEqual({
      ok: true,
      config: { ...defaultLabConfig("vanishing-gradients"), depth: 20, activation: "sigmoid", init: "small" },
    });
  });

  test("the documented ranges hold at their edges", () => {
    const accepted: [LabKey, Record<string, unknown>][] = [
      ["vanishing-gradients", { depth: 2, width: 64, steps: 10 }],
      ["vanishing-gradients", { depth: 50, width: 2, steps: 2000 }],
      ["residual-shortcuts", { depth: 64 }],
      ["l1-vs-l2", { noise: 0, trainSize: 40 }],
      ["l1-vs-l2", { noise: 0.5, trainSize: 400 }],
      ["transfer-learning", { examplesPerClass: 50 }],
      ["conv-darkroom", { layers: 4, relu: true, kernel: "laplacian", image: "face" }],
      ["diffusion-studio", { t: 1000, digit: 9, sampler: "ddim-eta1", schedule: "linear" }],
    ];
    for (const [lab, input] of accepted) expect(parseLabConfig(lab, input).ok, `${lab} ${JSON.stringify(input)}`).toBe(true);
  });

  test("out-of-range and ill-typed values give a message naming the field and its range", () => {
    expect(parseLabConfig("vanishing-gradients", { depth: 51 })).toEqual({
      ok: false,
      error: "depth must be a whole number from 2 to 50",
    });
    expect(parseLabConfig("residual-shortcuts", { depth: 65 })).toMatchObject({ ok: false, error: expect.stringContaining("2 to 64") });
    expect(parseLabConfig("vanishing-gradients", { width: 3.5 })).toMatchObject({ ok: false, error: expect.stringMatching(/^width must be a whole number/) });
    expect(parseLabConfig("l1-vs-l2", { noise: 0.6 })).toEqual({ ok: false, error: "noise must be a number from 0 to 0.5" });
    expect(parseLabConfig("vanishing-gradients", { activation: "gelu" })).toEqual({
      ok: false,
      error: "activation must be one of sigmoid, tanh, relu",
    });
    expect(parseLabConfig("conv-darkroom", { relu: "yes" })).toEqual({ ok: false, error: "relu must be true or false" });
    expect(parseLabConfig("diffusion-studio", { digit: 10 })).toMatchObject({ ok: false });
    expect(parseLabConfig("vanishing-gradients", { learningRate: 0 })).toMatchObject({ ok: false, error: expect.stringMatching(/^learningRate/) });
  });

  test("an unknown setting (a typo in a preset) is rejected by name", () => {
    const result = parseLabConfig("vanishing-gradients", { dept: 20 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('"dept"');
  });

  test("several problems are all reported", () => {
    const result = parseLabConfig("vanishing-gradients", { depth: 1, width: 100 });
    expect(!result.ok && result.error.split("; ")).toHaveLength(2);
  });

  test("the URL carries only non-default fields and round-trips", () => {
    const config = { ...defaultLabConfig("vanishing-gradients"), depth: 30, activation: "relu" as const, learningRate: 0.05 };
    const params = toSearchParams("vanishing-gradients", config);
    expect(params.toString()).toBe("depth=30&activation=relu&learningRate=0.05");
    expect(fromSearchParams("vanishing-gradients", params)).toEqual({ ok: true, config });
    expect(toSearchParams("l1-vs-l2", defaultLabConfig("l1-vs-l2")).toString()).toBe("");
  });

  test("booleans round-trip through the URL", () => {
    const config = { ...defaultLabConfig("conv-darkroom"), relu: true };
    const query = toSearchParams("conv-darkroom", config).toString();
    expect(query).toBe("relu=true");
    expect(fromSearchParams("conv-darkroom", query)).toEqual({ ok: true, config });
    expect(fromSearchParams("conv-darkroom", "relu=maybe")).toEqual({ ok: false, error: "relu must be true or false" });
  });

  test("query parsing ignores other parameters and reads Next.js searchParams records", () => {
    expect(fromSearchParams("l1-vs-l2", "?backend=wasm&strength=0.01")).toEqual({
      ok: true,
      config: { ...defaultLabConfig("l1-vs-l2"), strength: 0.01 },
    });
    expect(fromSearchParams("residual-shortcuts", { depth: ["12", "40"], backend: "cpu" })).toEqual({
      ok: true,
      config: { ...defaultLabConfig("residual-shortcuts"), depth: 12 },
    });
  });

  test("a non-numeric query value is reported with the field's message", () => {
    expect(fromSearchParams("vanishing-gradients", "depth=deep")).toEqual({
      ok: false,
      error: "depth must be a whole number from 2 to 50",
    });
    expect(fromSearchParams("vanishing-gradients", "depth=")).toMatchObject({ ok: false });
  });
});
