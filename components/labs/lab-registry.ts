/**
 * Which labs run in the browser today, and the controls each one shows. Plain data (no TensorFlow.js), so
 * the server pages can read it too.
 */
import {
  ACTIVATIONS,
  DATASETS,
  INITS,
  type LabKey,
} from "@/lib/labs/configs";

/** Labs that train in the lab worker, with the page's settings form, run bar and live charts. */
export const TRAINING_LABS = ["vanishing-gradients", "residual-shortcuts", "l1-vs-l2", "transfer-learning"] as const satisfies readonly LabKey[];
export type TrainingLab = (typeof TRAINING_LABS)[number];

/** Labs the learner drives on the page with their own controls (components/labs/darkroom, .../diffusion). */
export const INTERACTIVE_VIEW_LABS = ["conv-darkroom", "diffusion-studio"] as const satisfies readonly LabKey[];
export type InteractiveViewLab = (typeof INTERACTIVE_VIEW_LABS)[number];

/** Labs with a view; any other lab is listed as "coming soon". */
export const RUNNABLE_LABS = [...TRAINING_LABS, ...INTERACTIVE_VIEW_LABS] as const;
export type RunnableLab = (typeof RUNNABLE_LABS)[number];

/** True when `key` has a runnable view. */
export function isRunnableLab(key: string): key is RunnableLab {
  return (RUNNABLE_LABS as readonly string[]).includes(key);
}

/** True when `key` trains in the lab worker. */
export function isTrainingLab(key: string): key is TrainingLab {
  return (TRAINING_LABS as readonly string[]).includes(key);
}

/** One control of a lab's configuration form. */
export type ControlSpec =
  | {
      readonly kind: "select";
      readonly field: string;
      readonly label: string;
      readonly options: readonly { readonly value: string; readonly label: string }[];
      readonly hint?: string;
    }
  | {
      readonly kind: "range";
      readonly field: string;
      readonly label: string;
      readonly min: number;
      readonly max: number;
      readonly step: number;
      readonly hint?: string;
    }
  | {
      readonly kind: "number";
      readonly field: string;
      readonly label: string;
      readonly min: number;
      readonly max: number;
      /** "any" for real numbers. */
      readonly step: number | "any";
      readonly hint?: string;
    };

const DATASET_LABELS: Record<(typeof DATASETS)[number], string> = { spirals: "Two spirals", circles: "Circles", xor: "XOR" };
const ACTIVATION_LABELS: Record<(typeof ACTIVATIONS)[number], string> = { sigmoid: "Sigmoid", tanh: "tanh", relu: "ReLU" };
const INIT_LABELS: Record<(typeof INITS)[number], string> = {
  small: "Small (std 0.1)",
  xavier: "Xavier (Glorot)",
  he: "He",
  large: "Large (std 1)",
};

const dataset: ControlSpec = {
  kind: "select",
  field: "dataset",
  label: "Dataset",
  options: DATASETS.map((value) => ({ value, label: DATASET_LABELS[value] })),
};
const activation: ControlSpec = {
  kind: "select",
  field: "activation",
  label: "Activation",
  options: ACTIVATIONS.map((value) => ({ value, label: ACTIVATION_LABELS[value] })),
};
const init: ControlSpec = {
  kind: "select",
  field: "init",
  label: "Initialization",
  options: INITS.map((value) => ({ value, label: INIT_LABELS[value] })),
};
const seed: ControlSpec = {
  kind: "number",
  field: "seed",
  label: "Seed",
  min: 0,
  max: 4_294_967_295,
  step: 1,
  hint: "The same seed gives the same data, weights and batches.",
};
const steps = (max = 2000): ControlSpec => ({ kind: "number", field: "steps", label: "Training steps", min: 10, max, step: 10 });

const gradientControls = (maxDepth: number): readonly ControlSpec[] => [
  dataset,
  { kind: "range", field: "depth", label: "Hidden layers", min: 2, max: maxDepth, step: 1 },
  { kind: "range", field: "width", label: "Units per layer", min: 2, max: 64, step: 1 },
  activation,
  init,
  { kind: "number", field: "learningRate", label: "Learning rate", min: 0.00001, max: 10, step: "any" },
  { kind: "number", field: "batchSize", label: "Batch size", min: 1, max: 512, step: 1 },
  steps(),
  seed,
];

/** The controls of each training lab, in the order the form shows them. */
export const LAB_CONTROLS: Record<TrainingLab, readonly ControlSpec[]> = {
  "vanishing-gradients": gradientControls(50),
  "residual-shortcuts": gradientControls(64),
  "l1-vs-l2": [
    dataset,
    {
      kind: "number",
      field: "strength",
      label: "Penalty strength λ",
      min: 0,
      max: 1,
      step: "any",
      hint: "The same λ for L1 and L2.",
    },
    { kind: "range", field: "noise", label: "Label noise", min: 0, max: 0.5, step: 0.05 },
    { kind: "range", field: "trainSize", label: "Training points", min: 40, max: 400, step: 10 },
    steps(),
    seed,
  ],
  "transfer-learning": [
    { kind: "range", field: "examplesPerClass", label: "Labelled examples per digit", min: 1, max: 50, step: 1 },
    { kind: "number", field: "epochs", label: "Epochs", min: 1, max: 100, step: 1 },
    { kind: "number", field: "learningRate", label: "Learning rate (new layers)", min: 0.00001, max: 1, step: "any" },
    {
      kind: "number",
      field: "fineTuneLearningRate",
      label: "Learning rate (pretrained layers)",
      min: 0.000001,
      max: 1,
      step: "any",
      hint: "Used when fine-tuning; usually 10 to 100 times smaller.",
    },
    seed,
  ],
};
