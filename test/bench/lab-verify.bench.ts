/**
 * What verifying a lab run costs the server: `reproduceRun` (the work of `verifyLabRun` before it writes) on
 * the WASM backend in this process, for each graded lab at its default settings and at every preset a card opens
 * it with (the sweep's settings), over a few seeds each. CPU time is the process's user + system time (what a
 * verification takes from the server's cores), wall time beside it.
 *
 *   node --conditions=react-server --import tsx test/bench/lab-verify.bench.ts [--seeds 1-3]
 *
 * Prints one JSON object: per lab, the median and largest CPU ms per run over all its settings and seeds, and the
 * median per setting.
 */
import "@tensorflow/tfjs-backend-wasm";

import * as tf from "@tensorflow/tfjs";

import { GRADED_LABS } from "@/lib/labs/metrics";
import { nodeLabAssets } from "@/lib/labs/node-assets";
import { reproduceRun } from "@/lib/labs/reproduce";
import { startNodeBackend } from "@/lib/labs/train/node-backend";

import { sweepCase, sweepSeeds, sweepSettings } from "../unit/labs-sweep/sweep";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const round = (ms: number) => Math.round(ms);

async function main() {
  await startNodeBackend(tf, "wasm");
  const seeds = sweepSeeds(option("seeds") ?? "1-3");
  const assets = nodeLabAssets();
  const perDigit = (await assets.digitSamples()).perDigit;
  const labs: Record<string, unknown> = {};
  for (const lab of GRADED_LABS) {
    // One untimed run first: kernels compile and shipped files load once per process.
    const first = sweepCase(lab, {}, seeds[0] ?? 1, perDigit);
    await reproduceRun(tf, lab, first.config, first.sent, assets);
    const all: number[] = [];
    const settings: Record<string, { cpuMsMedian: number; wallMsMedian: number }> = {};
    for (const setting of sweepSettings(lab)) {
      const cpu: number[] = [];
      const wall: number[] = [];
      for (const seed of seeds) {
        const { config, sent } = sweepCase(lab, setting.preset, seed, perDigit);
        const before = process.cpuUsage();
        const started = performance.now();
        const reproduced = await reproduceRun(tf, lab, config, sent, assets);
        wall.push(performance.now() - started);
        const used = process.cpuUsage(before);
        cpu.push((used.user + used.system) / 1000);
        if (!reproduced.ok) throw new Error(`${lab} ${setting.name} seed ${seed}: ${reproduced.reason}`);
      }
      all.push(...cpu);
      settings[setting.name] = { cpuMsMedian: round(median(cpu)), wallMsMedian: round(median(wall)) };
    }
    labs[lab] = { cpuMsMedian: round(median(all)), cpuMsMax: round(Math.max(...all)), runs: all.length, settings };
  }
  console.log(JSON.stringify({ backend: tf.getBackend(), seeds, labs }, null, 2));
}

await main();
