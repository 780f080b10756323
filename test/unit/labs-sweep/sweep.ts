/**
 * The seed sweep behind every graded prediction: each lab's predictions at its default settings and at every
 * preset a card opens it with, over many seeds, each run reproduced exactly as the server reproduces it
 * (`reproduceRun`, wasm). A prediction passes a setting when the answer its cards teach is confirmed in at least
 * 90% of the seeds, or when it grades nothing at that setting (`gradedWhen`). Seeds: LAB_SWEEP_SEEDS, "1-10" by
 * default (a range "a-b" or a list "1,5,9").
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { parse } from "yaml";

import type { LabAssets } from "@/lib/labs/assets";
import { type LabConfig, type LabKey, parseLabConfig } from "@/lib/labs/configs";
import type { LabSummary } from "@/lib/labs/metrics";
import { nodeLabAssets } from "@/lib/labs/node-assets";
import { labPredictions } from "@/lib/labs/predictions";
import { reproduceRun } from "@/lib/labs/reproduce";
import type { Tf } from "@/lib/labs/tf";

/** Share of seeds that must confirm the taught answer. */
export const REQUIRED_SHARE = 0.9;

export function sweepSeeds(spec: string = process.env.LAB_SWEEP_SEEDS ?? "1-10"): number[] {
  const range = /^(\d+)-(\d+)$/.exec(spec.trim());
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to < from) throw new Error(`LAB_SWEEP_SEEDS range ${spec} is empty`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  const list = spec.split(",").map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`LAB_SWEEP_SEEDS must be a range such as 1-10 or a list such as 1,5,9, not "${spec}"`);
  }
  return list;
}

export interface Setting {
  /** "default", or the card whose preset it is. */
  readonly name: string;
  readonly preset: Record<string, unknown>;
}

/** The lab's default settings and every distinct preset a card of the course opens it with. */
export function sweepSettings(lab: LabKey): Setting[] {
  const dir = join(process.cwd(), "content", "concepts");
  const settings: Setting[] = [{ name: "default", preset: {} }];
  const seen = new Set(["{}"]);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    const doc = parse(readFileSync(join(dir, file), "utf8")) as { cards?: { key: string; lab?: { key: string; config?: Record<string, unknown> } }[] };
    for (const card of doc.cards ?? []) {
      if (card.lab?.key !== lab) continue;
      const { seed: _seed, ...preset } = card.lab.config ?? {};
      const id = JSON.stringify(Object.entries(preset).sort());
      if (seen.has(id)) continue;
      seen.add(id);
      settings.push({ name: card.key, preset });
    }
  }
  return settings;
}

/**
 * What one sweep case sends: the settings with the case's seed, and for the picture labs the shipped picture
 * it uses (the case number picks the digit picture, so the sweep covers many pictures, not one).
 */
export function sweepCase(lab: LabKey, preset: Record<string, unknown>, seed: number, perDigit: number) {
  if (lab === "conv-darkroom") {
    const parsed = parseLabConfig(lab, preset);
    if (!parsed.ok) throw new Error(parsed.error);
    const sent = {
      image: parsed.config.image,
      kernel: parsed.config.kernel,
      sample: parsed.config.image === "digit" ? Math.floor(seed / 10) % perDigit : null,
      occlusion: { trueDigit: seed % 10 },
    };
    return { config: parsed.config as LabConfig, sent: sent as unknown as LabSummary };
  }
  const parsed = parseLabConfig(lab, { ...preset, seed });
  if (!parsed.ok) throw new Error(parsed.error);
  return { config: parsed.config as LabConfig, sent: { sample: seed % perDigit } as unknown as LabSummary };
}

export interface PredictionTally {
  readonly key: string;
  /** Why the setting grades nothing, when it does not. */
  readonly ungraded: string | null;
  readonly taught: string;
  readonly confirmed: number;
  readonly tooClose: number;
  readonly refuted: number;
  readonly seeds: number;
}

/** Runs every seed of one setting and tallies each prediction's outcome for its taught answer. */
export async function sweepSetting(tf: Tf, lab: LabKey, setting: Setting, seeds: readonly number[], assets: LabAssets = nodeLabAssets()) {
  const perDigit = (await assets.digitSamples()).perDigit;
  const predictions = labPredictions[lab];
  const tallies = predictions.map((p) => ({ key: p.key, confirmed: 0, tooClose: 0, refuted: 0 }));
  let ungraded: (string | null)[] = predictions.map(() => null);
  let taught: string[] = predictions.map(() => "");
  const started = performance.now();
  for (const seed of seeds) {
    const { config, sent } = sweepCase(lab, setting.preset, seed, perDigit);
    ungraded = predictions.map((p) => {
      const graded = p.gradedWhen(config);
      return graded === true ? null : graded;
    });
    taught = predictions.map((p) => String(p.taught(config)));
    // A setting that grades none of the lab's predictions passes whatever its runs measure: no need to run them.
    if (ungraded.every((reason) => reason !== null)) continue;
    const reproduced = await reproduceRun(tf, lab, config, sent, assets);
    if (!reproduced.ok) throw new Error(`${lab} ${setting.name} seed ${seed}: ${reproduced.reason}`);
    predictions.forEach((p, i) => {
      const reading = p.read(reproduced.summary, config);
      const tally = tallies[i] as (typeof tallies)[number];
      if (reading.accepted === "too-close") tally.tooClose++;
      else if ((reading.accepted as readonly unknown[]).includes(p.taught(config))) tally.confirmed++;
      else tally.refuted++;
    });
  }
  const msPerCase = (performance.now() - started) / seeds.length;
  const results: PredictionTally[] = tallies.map((t, i) => ({
    ...t,
    ungraded: ungraded[i] ?? null,
    taught: taught[i] ?? "",
    seeds: seeds.length,
  }));
  return { results, msPerCase };
}

/** True when the tally meets the bar (or the setting is ungraded for that prediction). */
export function passes(tally: PredictionTally): boolean {
  return tally.ungraded !== null || tally.confirmed >= Math.ceil(REQUIRED_SHARE * tally.seeds);
}

/** One line per prediction for the log: the figures the closing notes quote. */
export function report(lab: LabKey, setting: Setting, results: readonly PredictionTally[], msPerCase: number): string {
  return results
    .map((r) =>
      r.ungraded !== null
        ? `sweep ${lab} | ${setting.name} | ${r.key} | ungraded: ${r.ungraded}`
        : `sweep ${lab} | ${setting.name} | ${r.key} | taught ${r.taught} | confirmed ${r.confirmed}/${r.seeds}, too close ${r.tooClose}, refuted ${r.refuted} | ${Math.round(msPerCase)} ms/case`,
    )
    .join("\n");
}


