/**
 * The transfer-learning lab: a few labelled examples of digits 5-9, and three copies of one network
 * (`TransferNet`: base of conv1, conv2, dense1 -> scaled features -> new output layer) trained on them side by side, on the
 * same minibatches, for the same number of epochs:
 *
 * - scratch:  every layer from fresh random weights, at `learningRate`;
 * - frozen:   the base pretrained on digits 0-4 kept fixed; only the new output layer is trained,
 *             at `learningRate` (its input features are computed once, since they never change);
 * - finetune: the recipe the course teaches. First the new output layer alone, with the pretrained layers
 *             frozen, for `headEpochs` (this is the frozen model itself: the two are one network until
 *             then); then the last `fineTuneLayers` base layers are unfrozen and trained with the output
 *             layer for the remaining epochs, the output layer at `learningRate` and the pretrained layers
 *             at the lower `fineTuneLearningRate` (fresh Adam state for both), so the features are adjusted
 *             rather than overwritten by the gradients of a randomly started output layer.
 *
 * Each model is trained with Adam on softmax cross-entropy. After every `advance` the experiment reports
 * each model's loss and accuracy on its labelled examples and on the held-out digits 5-9 (every shipped
 * image of them not drawn as a labelled example); the last measurement also carries each model's confusion
 * matrix and, for each pair of models, the held-out images only one of the two gets right (`paired`: what
 * the predictions' paired test compares).
 */
import type * as TF from "@tensorflow/tfjs";

import { makeBatchSampler, makeRng } from "../data";
import type { Tf } from "../tf";
import type { FitMetrics } from "../mlp/fit-metrics";
import {
  accuracyOf,
  confusionMatrix,
  type DigitSet,
  HELD_OUT_PER_DIGIT,
  TARGET_DIGITS,
  TRANSFER_POOL_PER_CLASS,
} from "../digits/digit-tasks";
import {
  crossEntropy,
  type DigitsCnnArchitecture,
  type DigitsCnnValues,
  evaluate,
  imagesTensor,
} from "../digits/digits-cnn";
import { type DigitSamples, samplesSet } from "../digits/digit-samples";
import {
  TRANSFER_MODES,
  TRANSFER_PAIRS,
  type TransferConfusion,
  type TransferMetrics,
  type TransferMode,
  type TransferPair,
  type TransferPaired,
} from "./summary";
import { BASE_PARAM_NAMES, type BaseParams, initBase, initHead, TransferNet } from "./transfer-net";

import type { TransferLearningConfig } from "./config";
import type { TransferInputs } from "../digits/transfer-inputs";

export type { TransferInputs };

/** Minibatch size; smaller than most training sets the lab builds, so every epoch takes several steps. */
export const TRANSFER_BATCH_SIZE = 10;

/** The labelled examples (train) and the held-out images (test) of the target task. */
export interface TransferData {
  readonly train: DigitSet;
  readonly test: DigitSet;
}

/**
 * Picks `examplesPerClass` labelled images of each target digit from its pool (seeded, without
 * replacement) and holds out every other shipped image of the target digits.
 */
export function transferData(samples: DigitSamples, examplesPerClass: number, seed: number): TransferData {
  if (!Number.isInteger(examplesPerClass) || examplesPerClass < 1 || examplesPerClass > TRANSFER_POOL_PER_CLASS) {
    throw new RangeError(`examplesPerClass must be 1 to ${TRANSFER_POOL_PER_CLASS}, got ${examplesPerClass}`);
  }
  if (samples.perDigit < HELD_OUT_PER_DIGIT) {
    throw new RangeError(`the samples hold ${samples.perDigit} images per digit, the lab needs ${HELD_OUT_PER_DIGIT}`);
  }
  const rng = makeRng(seed, "transfer:examples");
  const chosen = new Map<number, number[]>();
  for (const digit of TARGET_DIGITS) {
    // A partial Fisher-Yates shuffle of the pool: its first `examplesPerClass` entries are the sample.
    const pool = Array.from({ length: TRANSFER_POOL_PER_CLASS }, (_, i) => i);
    for (let i = 0; i < examplesPerClass; i++) {
      const j = i + Math.floor(rng() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    chosen.set(digit, pool.slice(0, examplesPerClass));
  }
  // Every other shipped image of the target digits is held out: the more images both models are scored on,
  // the smaller the difference a paired test on them can tell from chance.
  const testIndices = (digit: number) => {
    const taken = new Set(chosen.get(digit));
    return Array.from({ length: HELD_OUT_PER_DIGIT }, (_, i) => i).filter((i) => !taken.has(i));
  };
  return {
    train: samplesSet(samples, TARGET_DIGITS, (digit) => chosen.get(digit) ?? []),
    test: samplesSet(samples, TARGET_DIGITS, testIndices),
  };
}

/** A transfer-learning run that advances epoch by epoch and measures itself after each chunk. */
export interface TransferExperiment {
  readonly lab: "transfer-learning";
  /** Epochs the configuration asks for. */
  readonly totalSteps: number;
  /** Epochs trained so far. */
  readonly step: number;
  readonly done: boolean;
  /** The labelled examples and held-out images in use. */
  readonly data: TransferData;
  /** The fine-tuned network (its pretrained layers stay the base's until fine-tuning starts). */
  readonly finetuneNet: TransferNet;
  /**
   * Trains up to `epochs` more epochs (never past `totalSteps`; 0 trains none) and measures all three
   * models. The measurement after the last epoch includes the confusion matrices.
   */
  advance(epochs: number): Promise<TransferMetrics>;
  /** Frees every tensor the experiment holds. Safe to call twice. */
  dispose(): void;
}

function checkBase(base: DigitsCnnValues): void {
  const overlap = base.digits.filter((d) => (TARGET_DIGITS as readonly number[]).includes(d));
  if (overlap.length > 0) {
    throw new Error(`the base model was trained on target digits (${overlap.join(", ")}); it must not have seen 5-9`);
  }
}

function oneHot(tf: Tf, set: DigitSet): TF.Tensor2D {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(set.labels, "int32"), set.digits.length) as TF.Tensor2D);
}

/**
 * Builds the experiment. The seed fixes the labelled examples, the scratch model's convolutional weights,
 * the new output layer (the same starting layer for all three models) and the minibatch order (the same
 * for all three).
 */
export function createTransferExperiment(
  tf: Tf,
  config: TransferLearningConfig,
  inputs: TransferInputs,
): TransferExperiment {
  checkBase(inputs.base);
  const data = transferData(inputs.samples, config.examplesPerClass, config.seed);
  const architecture: DigitsCnnArchitecture = { ...inputs.base.architecture, classes: TARGET_DIGITS.length };
  const digits = [...TARGET_DIGITS];
  const head = initHead(architecture, makeRng(config.seed, "transfer:head"));
  const pretrainedBase = pickBase(inputs.base);
  const owned: TF.Tensor[] = [];
  const optimizers: TF.Optimizer[] = [];
  const nets: TransferNet[] = [];
  let disposed = false;

  const dispose = () => {
    if (disposed) return;
    disposed = true;
    for (const t of owned) t.dispose();
    for (const o of optimizers) o.dispose();
    for (const n of nets) n.dispose();
  };

  try {
    const keep = <T extends TF.Tensor>(t: T): T => {
      owned.push(t);
      return t;
    };
    const trainX = keep(imagesTensor(tf, data.train.images, data.train.count));
    const trainY = keep(oneHot(tf, data.train));
    const testX = keep(imagesTensor(tf, data.test.images, data.test.count));
    const testY = keep(oneHot(tf, data.test));

    const scratch = new TransferNet(tf, architecture, initBase(architecture, makeRng(config.seed, "transfer:scratch")), head);
    nets.push(scratch);
    const frozen = new TransferNet(tf, architecture, pretrainedBase, head);
    nets.push(frozen);
    const finetune = new TransferNet(tf, architecture, pretrainedBase, head);
    nets.push(finetune);
    // The frozen layers' features never change: compute them once and train the output layer on them alone.
    const trainFeatures = keep(frozen.features(trainX));
    const testFeatures = keep(frozen.features(testX));

    const scratchOpt = tf.train.adam(config.learningRate);
    const frozenOpt = tf.train.adam(config.learningRate);
    optimizers.push(scratchOpt, frozenOpt);
    const scratchVars = [...scratch.baseVariables(), ...scratch.headVariables()];
    const frozenVars = frozen.headVariables();
    const unfrozen = finetune.lastBaseVariables(config.fineTuneLayers);
    // Made when fine-tuning starts (after the head-first epochs), so their Adam state starts there too.
    let headOpt: TF.Optimizer | null = null;
    let baseOpt: TF.Optimizer | null = null;
    const finetuneHead = new Set(finetune.headVariables().map((v) => v.name));
    const finetuneBase = new Set(unfrozen.map((v) => v.name));
    const finetuneVars = [...unfrozen, ...finetune.headVariables()];
    const sampler = makeBatchSampler(data.train.count, makeRng(config.seed, "transfer:batches"));
    const headEpochs = Math.min(config.headEpochs, config.epochs);
    let step = 0;

    /** True once the fine-tuned model has left the frozen one (its head trained, its last layers unfrozen). */
    const fineTuning = () => step > headEpochs;

    const startFineTuning = () => {
      // The fine-tuned model is the frozen one until now: it takes over the head trained on frozen features.
      finetune.headKernel.assign(frozen.headKernel);
      finetune.headBias.assign(frozen.headBias);
      headOpt = tf.train.adam(config.learningRate);
      baseOpt = tf.train.adam(config.fineTuneLearningRate);
      optimizers.push(headOpt, baseOpt);
    };

    const trainEpoch = () => {
      const tuning = step >= headEpochs;
      if (tuning && step === headEpochs) startFineTuning();
      for (let done = 0; done < data.train.count; done += TRANSFER_BATCH_SIZE) {
        const batch = sampler.next(Math.min(TRANSFER_BATCH_SIZE, data.train.count - done));
        tf.tidy(() => {
          const index = tf.tensor1d(batch, "int32");
          const xb = tf.gather(trainX, index) as TF.Tensor4D;
          const yb = tf.gather(trainY, index) as TF.Tensor2D;
          const fb = tf.gather(trainFeatures, index) as TF.Tensor2D;
          scratchOpt.minimize(() => crossEntropy(tf, scratch.logits(xb), yb), false, scratchVars);
          frozenOpt.minimize(() => crossEntropy(tf, frozen.headLogits(fb), yb), false, frozenVars);
          if (tuning && headOpt && baseOpt) {
            const { grads } = tf.variableGrads(() => crossEntropy(tf, finetune.logits(xb), yb), finetuneVars);
            headOpt.applyGradients(pick(grads, finetuneHead));
            baseOpt.applyGradients(pick(grads, finetuneBase));
          }
        });
      }
    };

    const measure = async (final: boolean): Promise<TransferMetrics> => {
      const runs: Record<TransferMode, [(x: TF.Tensor) => TF.Tensor2D, TF.Tensor, TF.Tensor]> = {
        scratch: [(x) => scratch.logits(x as TF.Tensor4D), trainX, testX],
        frozen: [(f) => frozen.headLogits(f as TF.Tensor2D), trainFeatures, testFeatures],
        // Until fine-tuning starts, the fine-tuned model is the frozen one.
        finetune: fineTuning()
          ? [(x) => finetune.logits(x as TF.Tensor4D), trainX, testX]
          : [(f) => frozen.headLogits(f as TF.Tensor2D), trainFeatures, testFeatures],
      };
      const fits: Partial<Record<TransferMode, FitMetrics>> = {};
      const predicted: Partial<Record<TransferMode, Int32Array>> = {};
      const confusion: TransferConfusion = { digits, scratch: [], frozen: [], finetune: [] };
      for (const mode of TRANSFER_MODES) {
        const [logits, trainInput, testInput] = runs[mode];
        const train = await evaluate(tf, logits, trainInput, trainY);
        const test = await evaluate(tf, logits, testInput, testY);
        fits[mode] = {
          trainLoss: train.loss,
          trainAccuracy: accuracyOf(train.predicted, data.train.labels),
          testLoss: test.loss,
          testAccuracy: accuracyOf(test.predicted, data.test.labels),
        };
        predicted[mode] = test.predicted;
        confusion[mode] = confusionMatrix(test.predicted, data.test.labels, digits.length);
      }
      const { scratch: s, frozen: f, finetune: t } = fits;
      if (!s || !f || !t) throw new Error("the experiment measured fewer than three models");
      return {
        lab: "transfer-learning",
        step,
        totalSteps: config.epochs,
        scratch: s,
        frozen: f,
        finetune: t,
        ...(final ? { confusion, paired: pairedCounts(predicted, data.test.labels) } : {}),
      };
    };

    return {
      lab: "transfer-learning",
      totalSteps: config.epochs,
      data,
      finetuneNet: finetune,
      get step() {
        return step;
      },
      get done() {
        return step >= config.epochs;
      },
      async advance(epochs) {
        if (!Number.isInteger(epochs) || epochs < 0) {
          throw new RangeError(`epochs must be a whole number >= 0, got ${epochs}`);
        }
        if (disposed) throw new Error("the experiment was disposed");
        const target = Math.min(config.epochs, step + epochs);
        while (step < target) {
          trainEpoch();
          step++;
        }
        return measure(step >= config.epochs);
      },
      dispose,
    };
  } catch (error) {
    dispose();
    throw error;
  }
}

function pickBase(base: DigitsCnnValues): BaseParams {
  const out: Partial<BaseParams> = {};
  for (const name of BASE_PARAM_NAMES) out[name] = base.params[name];
  return out as BaseParams;
}

/**
 * For each pair of modes, how many held-out images only the first gets right and how many only the second
 * does (the discordant pairs a paired test on the same images compares).
 */
export function pairedCounts(
  predicted: Partial<Record<TransferMode, Int32Array>>,
  labels: Int32Array,
): TransferPaired {
  const out: Partial<Record<TransferPair, [number, number]>> = {};
  for (const pair of TRANSFER_PAIRS) {
    const [a, b] = pair.split("-") as [TransferMode, TransferMode];
    const pa = predicted[a];
    const pb = predicted[b];
    if (!pa || !pb) throw new Error(`no predictions for ${pair}`);
    let onlyA = 0;
    let onlyB = 0;
    for (let i = 0; i < labels.length; i++) {
      const ra = pa[i] === labels[i];
      const rb = pb[i] === labels[i];
      if (ra && !rb) onlyA++;
      else if (rb && !ra) onlyB++;
    }
    out[pair] = [onlyA, onlyB];
  }
  return out as TransferPaired;
}

/** The gradients of the variables named in `names`. */
function pick(grads: TF.NamedTensorMap, names: ReadonlySet<string>): { name: string; tensor: TF.Tensor }[] {
  return Object.entries(grads)
    .filter(([name]) => names.has(name))
    .map(([name, tensor]) => ({ name, tensor }));
}
