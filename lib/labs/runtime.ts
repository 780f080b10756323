/**
 * The lab runtime: drives an experiment in chunks of steps with start/pause/resume/reset, and speaks the
 * worker protocol. The Web Worker (`lab.worker.ts`) and the main-thread fallback (`run-in-process.ts`)
 * are thin shells around `createLabRuntime`; Node tests drive the same code.
 */
import { parseLabConfig } from "./configs";
import { type AnyExperiment, createExperiment, type ExperimentOptions, type ExperimentSpec, type Tf } from "./experiments";
import { isExperimentLab, type LabMetrics, summarizeRun } from "./metrics";
import type { TransferInputs } from "./transfer-learning/experiment";
import {
  type BackendName,
  type PageMessage,
  parsePageMessage,
  type RunState,
  type RuntimeMessage,
  type StepsPerChunk,
} from "./worker-protocol";

/**
 * With `stepsPerChunk: "auto"`, chunks are sized to take about this long: the page updates ~7 times a second,
 * and a cheap measurement (a few training steps' worth) costs well under a tenth of the run.
 */
export const AUTO_CHUNK_MS = 150;
const MAX_AUTO_CHUNK = 200;
/**
 * Auto chunks train at least this many times as long as they spend measuring, so the metrics stream costs
 * at most a seventeenth (~6%) of a run's time once chunks have grown, leaving room within the runtime's 15%
 * budget for the first, short chunks; nets that measure slowly update less often.
 */
const TRAIN_TO_MEASURE = 16;
/** A chunk may always grow to this many steps, so the 1-step first chunk is followed by a useful one at once. */
const MIN_GROWTH_CAP = 16;

export interface RunnerOptions {
  /** Name reported with every metrics update. */
  readonly backend: string;
  /** A monotonic clock in milliseconds (`performance.now` in a browser). */
  readonly clock: () => number;
  /** Lets queued messages (pause, reset) in between chunks; defaults to a zero-delay timer. */
  readonly yieldToEvents?: () => Promise<void>;
  readonly boundaryEvery?: number;
}

interface Run {
  readonly experiment: AnyExperiment;
  /** Adapt `chunk` to AUTO_CHUNK_MS after every chunk. */
  readonly auto: boolean;
  first: LabMetrics | null;
  elapsedMs: number;
  chunk: number;
  /** How long a measurement takes: the step-0 chunk, which trains nothing, measures it. */
  measureMs: number;
}

/**
 * Lets queued events in: `setImmediate` where there is one (Node: no 1 ms timer floor), a zero-delay timer
 * otherwise. The lab worker passes its own, with no 4 ms floor either (see lab.worker.ts).
 */
function defaultYield(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(() => resolve()) : setTimeout(resolve, 0)));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one experiment at a time and reports through `emit`: a state message on every change, a metrics
 * message after every chunk (the first one at step 0, before any training), and a summary when the run
 * finishes. Training happens between awaits, so `pause` and `reset` take effect after the current chunk;
 * a run that was reset meanwhile is disposed and its last chunk is dropped.
 */
export class LabRunner {
  private stateValue: RunState = "idle";
  private current: Run | null = null;
  /** The run whose chunk is being trained right now, if any. */
  private inFlight: Run | null = null;
  private loop: Promise<void> | null = null;
  private readonly tf: Tf;
  private readonly emit: (message: RuntimeMessage) => void;
  private readonly options: RunnerOptions;

  constructor(tf: Tf, emit: (message: RuntimeMessage) => void, options: RunnerOptions) {
    this.tf = tf;
    this.emit = emit;
    this.options = options;
  }

  get state(): RunState {
    return this.stateValue;
  }

  /**
   * Abandons any current run and starts `spec` from step 0, `stepsPerChunk` steps per metrics message.
   * `inputs` carries what a lab needs besides its config (the transfer lab's pretrained model).
   */
  start(spec: ExperimentSpec, stepsPerChunk: StepsPerChunk = "auto", inputs: ExperimentOptions = {}): void {
    this.reset();
    let experiment: AnyExperiment;
    try {
      experiment = createExperiment(this.tf, spec, { ...inputs, boundaryEvery: this.options.boundaryEvery });
    } catch (error) {
      this.setState("error");
      this.emit({ type: "error", message: `could not build the experiment: ${describeError(error)}` });
      return;
    }
    const auto = stepsPerChunk === "auto";
    this.current = { experiment, auto, first: null, elapsedMs: 0, chunk: auto ? 1 : stepsPerChunk, measureMs: 0 };
    this.setState("running");
    this.ensureLoop();
  }

  pause(): void {
    if (this.stateValue === "running") this.setState("paused");
  }

  resume(): void {
    if (this.stateValue !== "paused") return;
    this.setState("running");
    this.ensureLoop();
  }

  /** Stops and frees the current run (after its chunk in flight, if any). */
  reset(): void {
    const run = this.current;
    this.current = null;
    // A run whose chunk is in flight is disposed by the loop once the chunk returns.
    if (run && run !== this.inFlight) run.experiment.dispose();
    if (this.stateValue !== "idle") this.setState("idle");
  }

  /** Resolves once no chunk is in flight (the run finished, paused or was reset). */
  async settled(): Promise<void> {
    while (this.loop) await this.loop;
  }

  private setState(state: RunState): void {
    this.stateValue = state;
    this.emit({ type: "state", state });
  }

  private ensureLoop(): void {
    if (this.loop) return;
    this.loop = this.runLoop().finally(() => {
      this.loop = null;
      // A resume or a new start that came while the last chunk finished needs a loop of its own.
      if (this.stateValue === "running" && this.current) this.ensureLoop();
    });
  }

  private async runLoop(): Promise<void> {
    const yieldToEvents = this.options.yieldToEvents ?? defaultYield;
    while (this.stateValue === "running" && this.current) {
      const run = this.current;
      const experiment = run.experiment;
      const before = experiment.step;
      const steps = run.first === null ? 0 : run.chunk;
      const started = this.options.clock();
      let metrics: LabMetrics;
      this.inFlight = run;
      try {
        metrics = await experiment.advance(steps);
      } catch (error) {
        this.inFlight = null;
        experiment.dispose();
        if (this.current !== run) continue;
        this.current = null;
        this.setState("error");
        this.emit({ type: "error", message: `the run stopped: ${describeError(error)}` });
        return;
      }
      const took = this.options.clock() - started;
      this.inFlight = null;
      if (this.current !== run) {
        experiment.dispose();
        continue;
      }
      run.elapsedMs += took;
      if (run.first === null) run.measureMs = took;
      run.first ??= metrics;
      const trained = experiment.step - before;
      this.emit({
        type: "metrics",
        update: {
          metrics,
          stepsPerSecond: trained > 0 && took > 0 ? (trained * 1000) / took : 0,
          elapsedMs: run.elapsedMs,
          backend: this.options.backend,
        },
      });
      // A listener may have reset or restarted the runner while handling that message.
      if (this.current !== run) continue;
      if (run.auto) run.chunk = nextAutoChunk(run.chunk, trained, took, run.measureMs);
      if (experiment.done) {
        experiment.dispose();
        this.current = null;
        this.setState("done");
        this.emit({ type: "done", summary: summarizeRun(run.first, metrics) });
        return;
      }
      await yieldToEvents();
    }
  }
}

/**
 * The next chunk size, given that the last chunk trained `trained` steps and took `took` ms, of which about
 * `measureMs` went to measuring: a chunk should take about AUTO_CHUNK_MS, but train at least TRAIN_TO_MEASURE
 * times as long as it measures (deep nets measure slowly, and measuring often would slow training down).
 */
export function nextAutoChunk(current: number, trained: number, took: number, measureMs = 0): number {
  if (trained === 0 || took <= 0) return current;
  // On GPU backends training runs asynchronously and lands in the measurement's wait; never trust less than 10%.
  const perStep = Math.max(took - measureMs, took / 10) / trained;
  const wanted = Math.ceil(Math.max(AUTO_CHUNK_MS - measureMs, TRAIN_TO_MEASURE * measureMs) / perStep);
  // Grow at most 4x per chunk (past MIN_GROWTH_CAP), so one fast chunk (a warm cache) does not cause a long stall.
  return Math.max(1, Math.min(MAX_AUTO_CHUNK, Math.max(current * 4, MIN_GROWTH_CAP), wanted));
}

export interface LabRuntimeOptions {
  /** Loads TensorFlow.js (a dynamic import, so it stays out of the page's main bundle). */
  readonly loadTf: () => Promise<Tf>;
  /** Initialises a backend and returns its name: `chooseBackend` in a browser, a fixed one in tests. */
  readonly selectBackend: (tf: Tf, preferred: BackendName | null) => Promise<string>;
  readonly post: (message: RuntimeMessage) => void;
  readonly clock: () => number;
  readonly yieldToEvents?: () => Promise<void>;
  readonly boundaryEvery?: number;
  /** Loads the transfer-learning lab's pretrained base and digits (fetched once, on its first run). */
  readonly loadTransferInputs?: () => Promise<TransferInputs>;
}

/** A runtime that answers page messages; see `createLabRuntime`. */
export interface LabRuntime {
  /** Validates and handles one page message; messages are handled in the order they arrive. */
  handle(data: unknown): Promise<void>;
  /** Frees the current run. */
  dispose(): void;
}

/**
 * The lab runtime behind the worker protocol. The first `start` loads TensorFlow.js and picks the backend
 * (posting `ready`); later starts reuse it unless they ask for a different one. Invalid messages and
 * configs are answered with an `error` message, never thrown.
 */
export function createLabRuntime(options: LabRuntimeOptions): LabRuntime {
  let tf: Tf | null = null;
  let backend: string | null = null;
  let requested: BackendName | null | undefined;
  let runner: LabRunner | null = null;
  let queue: Promise<void> = Promise.resolve();
  let transferInputs: Promise<TransferInputs> | null = null;

  const fail = (message: string) => options.post({ type: "error", message });

  const start = async (message: Extract<PageMessage, { type: "start" }>) => {
    const lab = message.lab;
    if (!isExperimentLab(lab)) return fail(`unknown lab "${lab}"`);
    const parsed = parseLabConfig(lab, message.config);
    if (!parsed.ok) return fail(parsed.error);
    let inputs: ExperimentOptions = {};
    if (lab === "transfer-learning") {
      if (!options.loadTransferInputs) return fail("this page cannot load the pretrained model the transfer lab needs");
      transferInputs ??= options.loadTransferInputs();
      try {
        inputs = { transfer: await transferInputs };
      } catch (error) {
        transferInputs = null;
        return fail(`could not load the pretrained model: ${describeError(error)}`);
      }
    }
    const preferred = message.backend ?? null;
    if (!tf || !backend || (preferred !== requested && preferred !== null)) {
      runner?.reset();
      await runner?.settled();
      try {
        tf ??= await options.loadTf();
        backend = await options.selectBackend(tf, preferred);
      } catch (error) {
        return fail(`could not start TensorFlow.js: ${describeError(error)}`);
      }
      requested = preferred;
      options.post({ type: "ready", backend });
      runner = null;
    }
    runner ??= new LabRunner(tf, options.post, {
      backend,
      clock: options.clock,
      yieldToEvents: options.yieldToEvents,
      boundaryEvery: options.boundaryEvery,
    });
    // parseLabConfig validated `config` against `lab`'s schema; TypeScript cannot pair the two by itself.
    runner.start({ lab, config: parsed.config } as ExperimentSpec, message.stepsPerChunk, inputs);
  };

  const handleOne = async (data: unknown) => {
    const parsed = parsePageMessage(data);
    if (!parsed.ok) return fail(parsed.error);
    const message = parsed.message;
    switch (message.type) {
      case "start":
        return start(message);
      case "pause":
        return runner?.pause();
      case "resume":
        return runner?.resume();
      case "reset":
        return runner?.reset();
    }
  };

  return {
    handle(data) {
      queue = queue.then(() => handleOne(data)).catch((error: unknown) => fail(describeError(error)));
      return queue;
    },
    dispose() {
      runner?.reset();
    },
  };
}
