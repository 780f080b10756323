/**
 * The labs benchmark: each lab's default configuration on the WASM backend, in Node and in headless
 * Chromium, timed two ways, and the first-load JavaScript of the lab and review pages.
 *
 * - runtime: through the lab runtime as a lab page uses it (in Chromium: a module worker, metrics posted
 *   and validated after every chunk; in Node: the same runtime in-process), from the step-0 measurement to
 *   the summary;
 * - bare: the same experiment's training steps in one chunk, with no runtime and no measurement between
 *   steps; in Chromium both on the page's main thread and in a plain module worker of its own.
 * Each repeat (--repeat, default 11) runs them back to back, in an order that alternates between repeats.
 * A repeat's ratio is runtime / bare (in Chromium, the bare loop in a worker: the same kind of thread); the
 * median of the repeats' ratios is what the runtime adds (target: at most 1.15). First-load JS is read from a production build
 * (`next build`; the folder is NEXT_DIST_DIR or .next, or --dist <dir>).
 *
 *   node --expose-gc --conditions=react-server --import tsx test/bench/labs.bench.ts [--repeat 11] [--dist .next]
 *
 * Prints one JSON object.
 */
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";

import { chromium } from "@playwright/test";
// esbuild bundles the browser half of this benchmark.
import { build } from "esbuild";

import { findChromium } from "@/lib/cli/check-chromium.mjs";
import { defaultLabConfig } from "@/lib/labs/configs";
import type { ExperimentSpec, Tf } from "@/lib/labs/experiments";
import { EXPERIMENT_LABS } from "@/lib/labs/metrics";
import { SERVED_MODELS_PATH } from "@/lib/labs/served-models";
import { createLabRuntime } from "@/lib/labs/runtime";
import type { TransferInputs } from "@/lib/labs/transfer-learning/experiment";
import { loadDigitSamples, SAMPLES_MANIFEST_FILE, SAMPLES_PIXELS_FILE } from "@/lib/labs/digits/digit-samples";
import { BASE_MODELS, readBaseModel } from "@/lib/labs/digits/load-base-model";
import { MODEL_FILE, WEIGHTS_FILE } from "@/lib/labs/digits/model-file";
import type { RuntimeMessage } from "@/lib/labs/worker-protocol";

import { BuildBundles } from "./bundles";
import { type Timing, timeBareRun } from "./labs-bare";

const TARGET_RATIO = 1.15;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const repeat = Math.max(1, Number(option("repeat") ?? 11));
const distDir = option("dist") ?? process.env.NEXT_DIST_DIR ?? ".next";

const specs: ExperimentSpec[] = EXPERIMENT_LABS.map((lab) => ({ lab, config: defaultLabConfig(lab) }) as ExperimentSpec);
/** A short run of each lab, to warm up the WASM kernels before timing. */
const warmup = (spec: ExperimentSpec): ExperimentSpec =>
  ({ ...spec, config: { ...spec.config, ...("epochs" in spec.config ? { epochs: 2 } : { steps: 20 }) } }) as ExperimentSpec;

interface LabResult {
  readonly steps: number;
  /** Medians over the repeats. */
  readonly runtimeMsPerStep: number;
  /**
   * The bare loop: in Chromium, in a plain module worker of its own (the kind of thread the runtime trains
   * on); the same loop on the page's main thread is shown beside it.
   */
  readonly bareMsPerStep: number;
  readonly bareMainThreadMsPerStep?: number;
  readonly bareWorkerMsPerStep?: number;
  /** runtime / bare within each repeat (the runs of a repeat ran back to back), in repeat order. */
  readonly repeatRatios: number[];
  /** The median of `repeatRatios`: what the runtime adds. */
  readonly ratio: number;
  /**
   * The share of a runtime run's time spent outside the experiment's chunks (posting and validating
   * metrics, yielding between chunks); the rest of what it adds is the measurements between chunks.
   */
  readonly outsideChunksShare: number;
  readonly metricsMessages: number;
  readonly withinTarget: boolean;
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const perStep = (t: Timing) => t.ms / t.steps;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Compares the runs repeat by repeat: the load on a shared machine drifts by more than the runtime's cost
 * between minutes, but little between runs that follow each other, so each repeat's runtime run is divided by
 * the bare run(s) of the same repeat and the median of those ratios is reported.
 */
function summarize(runtimeRuns: Timing[], bareRuns: Timing[], bareWorkerRuns: Timing[] = []): LabResult {
  const reference = bareWorkerRuns.length > 0 ? bareWorkerRuns : bareRuns;
  const bareOf = (i: number) => perStep(reference[i] as Timing);
  const repeatRatios = runtimeRuns.map((run, i) => perStep(run) / bareOf(i));
  const ratio = median(repeatRatios);
  return {
    steps: (runtimeRuns[0] as Timing).steps,
    runtimeMsPerStep: round(median(runtimeRuns.map(perStep))),
    bareMsPerStep: round(median(runtimeRuns.map((_, i) => bareOf(i)))),
    ...(bareWorkerRuns.length > 0
      ? {
          bareMainThreadMsPerStep: round(median(bareRuns.map(perStep))),
          bareWorkerMsPerStep: round(median(bareWorkerRuns.map(perStep))),
        }
      : {}),
    repeatRatios: repeatRatios.map((r) => round(r)),
    ratio: round(ratio),
    outsideChunksShare: round(median(runtimeRuns.map((run) => 1 - (run.chunkMs ?? run.ms) / run.ms)), 4),
    metricsMessages: (runtimeRuns[0] as Timing).messages,
    withinTarget: ratio <= TARGET_RATIO,
  };
}

// --- Node ------------------------------------------------------------------------------------------------

/** A full collection, where the script runs with --expose-gc (as `npm run bench:labs` does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function nodeTf(): Promise<Tf> {
  const tf = await import("@tensorflow/tfjs");
  await import("@tensorflow/tfjs-backend-wasm");
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not start in Node");
  await tf.ready();
  return tf;
}

/** The transfer lab's pretrained base and digits, read from content/models. */
async function transferInputs(): Promise<TransferInputs> {
  const file = (folder: string, name: string) => readFileSync(join("content", "models", folder, name));
  const folder = BASE_MODELS.pretrain;
  const base = readBaseModel({
    manifest: JSON.parse(file(folder, MODEL_FILE).toString("utf8")) as unknown,
    weights: new Uint8Array(file(folder, WEIGHTS_FILE)),
  });
  const manifest = JSON.parse(file("digit-samples", SAMPLES_MANIFEST_FILE).toString("utf8")) as unknown;
  const samples = await loadDigitSamples(manifest, new Uint8Array(file("digit-samples", SAMPLES_PIXELS_FILE)));
  return { base, samples };
}

async function nodeBare(tf: Tf, spec: ExperimentSpec): Promise<Timing> {
  return timeBareRun(tf, spec, spec.lab === "transfer-learning" ? await transferInputs() : undefined);
}

function nodeRuntime(tf: Tf, spec: ExperimentSpec): Promise<Timing> {
  return new Promise((resolve, reject) => {
    let start = 0;
    let messages = 0;
    let steps = 0;
    let firstElapsed = 0;
    let elapsed = 0;
    const runtime = createLabRuntime({
      loadTf: async () => tf,
      selectBackend: async (t) => t.getBackend(),
      clock: () => performance.now(),
      loadTransferInputs: transferInputs,
      post: (message: RuntimeMessage) => {
        if (message.type === "metrics") {
          messages++;
          steps = message.update.metrics.step;
          elapsed = message.update.elapsedMs;
          if (steps === 0) {
            start = performance.now();
            firstElapsed = elapsed;
          }
        } else if (message.type === "done") {
          const ms = performance.now() - start;
          resolve({ steps, ms, backend: tf.getBackend(), messages, chunkMs: elapsed - firstElapsed });
        } else if (message.type === "error") {
          reject(new Error(message.message));
        }
      },
    });
    void runtime.handle({ type: "start", lab: spec.lab, config: spec.config, stepsPerChunk: "auto" });
  });
}

async function benchNode(): Promise<Record<string, LabResult>> {
  const tf = await nodeTf();
  const out: Record<string, LabResult> = {};
  for (const spec of specs) {
    await nodeBare(tf, warmup(spec));
    await nodeRuntime(tf, warmup(spec));
    const runtimeRuns: Timing[] = [];
    const bareRuns: Timing[] = [];
    for (let i = 0; i < repeat; i++) {
      const turns = [async () => runtimeRuns.push(await nodeRuntime(tf, spec)), async () => bareRuns.push(await nodeBare(tf, spec))];
      for (const turn of i % 2 === 0 ? turns : turns.reverse()) {
        // No run pays for the garbage of the one before it.
        collectGarbage();
        await turn();
      }
    }
    out[spec.lab] = summarize(runtimeRuns, bareRuns);
  }
  return out;
}

// --- Chromium ---------------------------------------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
};

async function bundleBrowserHalf(dir: string): Promise<void> {
  await build({
    entryPoints: {
      bench: "test/bench/labs-browser-entry.ts",
      "lab-worker": "lib/labs/lab.worker.ts",
      "bare-worker": "test/bench/labs-bare-worker.ts",
    },
    outdir: dir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    logLevel: "error",
    // tfjs-backend-wasm's Emscripten glue names Node modules it never loads in a browser.
    external: ["fs", "path", "worker_threads", "perf_hooks", "os", "crypto"],
  });
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    // The app's own paths: the WASM binaries and the shipped models (see app/labs/models).
    const file =
      path === "/"
        ? join(dir, "index.html")
        : path.startsWith("/tfjs/")
          ? join("public", path)
          : path.startsWith(`${SERVED_MODELS_PATH}/`)
            ? join("content", "models", path.slice(SERVED_MODELS_PATH.length))
            : join(dir, path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

async function benchChromium(): Promise<Record<string, LabResult> | { skipped: string }> {
  const executablePath = findChromium();
  if (!executablePath) return { skipped: "no Chromium found (install Debian's chromium or set CHROMIUM_PATH)" };
  const dir = mkdtempSync(join(tmpdir(), "labs-bench-"));
  let server: Server | null = null;
  const browser = await chromium.launch({ executablePath });
  try {
    await bundleBrowserHalf(dir);
    writeFileSync(join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><script type="module" src="/bench.js"></script>');
    const served = await serve(dir);
    server = served.server;
    const page = await browser.newPage();
    await page.goto(served.url);
    await page.waitForFunction(() => "labsBench" in globalThis);
    type Bench = {
      bare(spec: unknown): Promise<Timing>;
      bareInWorker(spec: unknown, url: string): Promise<Timing>;
      runtime(spec: unknown, url: string): Promise<Timing>;
    };
    const call = (kind: "bare" | "bareInWorker" | "runtime", spec: ExperimentSpec) =>
      page.evaluate(
        ({ kind, spec }) => {
          const bench = (globalThis as unknown as { labsBench: Bench }).labsBench;
          if (kind === "bare") return bench.bare(spec);
          if (kind === "bareInWorker") return bench.bareInWorker(spec, "/bare-worker.js");
          return bench.runtime(spec, "/lab-worker.js");
        },
        { kind, spec },
      );
    const out: Record<string, LabResult> = {};
    for (const spec of specs) {
      await call("bare", warmup(spec));
      await call("bareInWorker", warmup(spec));
      await call("runtime", warmup(spec));
      const runtimeRuns: Timing[] = [];
      const bareRuns: Timing[] = [];
      const workerRuns: Timing[] = [];
      for (let i = 0; i < repeat; i++) {
        const turns = [
          async () => runtimeRuns.push(await call("runtime", spec)),
          async () => bareRuns.push(await call("bare", spec)),
          async () => workerRuns.push(await call("bareInWorker", spec)),
        ];
        for (const turn of i % 2 === 0 ? turns : turns.reverse()) await turn();
      }
      const backends = new Set([...runtimeRuns, ...bareRuns, ...workerRuns].map((r) => r.backend));
      if (backends.size !== 1 || !backends.has("wasm")) throw new Error(`expected wasm, ran on ${[...backends].join(", ")}`);
      out[spec.lab] = summarize(runtimeRuns, bareRuns, workerRuns);
    }
    return out;
  } finally {
    await browser.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- first-load JS ------------------------------------------------------------------------------------------

function firstLoadJs() {
  let bundles: BuildBundles;
  try {
    bundles = new BuildBundles(distDir);
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
  const routes = bundles.routes();
  const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
  const find = (name: string) => routes.find((r) => r.route === name);
  const lab = find("/labs/[key]/page");
  const review = find("/(student)/today/page") ?? routes.find((r) => r.route.endsWith("/today/page"));
  const lazy = lab ? lab.reachable.filter((c) => !lab.initial.includes(c)) : [];
  return {
    distDir,
    gzip: "level 9",
    labPageKb: lab ? kb(bundles.firstLoadBytes(lab)) : null,
    reviewPageKb: review ? kb(bundles.firstLoadBytes(review)) : null,
    /** Loaded by the lab page after its first load: the lab view, the runtime, the worker and TensorFlow.js. */
    labLazyKb: kb(lazy.reduce((sum, c) => sum + bundles.gzipBytes(c), 0)),
  };
}

async function main(): Promise<void> {
  const node = await benchNode();
  const browser = await benchChromium();
  console.log(
    JSON.stringify(
      { backend: "wasm", repeat, targetRatio: TARGET_RATIO, node, chromium: browser, firstLoadJs: firstLoadJs() },
      null,
      2,
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
