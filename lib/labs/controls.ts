/**
 * The settings form of a training lab, as plain data (no TensorFlow.js, no React): each lab's `config.ts`
 * lists its controls next to its schema, and the page renders them (components/labs/lab-controls.tsx).
 */
import { ACTIVATIONS, DATASETS, INITS, MAX_SEED } from "./config-fields";

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

export const datasetControl: ControlSpec = {
  kind: "select",
  field: "dataset",
  label: "Dataset",
  options: DATASETS.map((value) => ({ value, label: DATASET_LABELS[value] })),
};
export const activationControl: ControlSpec = {
  kind: "select",
  field: "activation",
  label: "Activation",
  options: ACTIVATIONS.map((value) => ({ value, label: ACTIVATION_LABELS[value] })),
};
export const initControl: ControlSpec = {
  kind: "select",
  field: "init",
  label: "Initialization",
  options: INITS.map((value) => ({ value, label: INIT_LABELS[value] })),
};
export const seedControl: ControlSpec = {
  kind: "number",
  field: "seed",
  label: "Seed",
  min: 0,
  max: MAX_SEED,
  step: 1,
  hint: "The same seed gives the same data, weights and batches.",
};
export const stepsControl = (max = 2000): ControlSpec => ({ kind: "number", field: "steps", label: "Training steps", min: 10, max, step: 10 });

/** The controls of the deep-MLP labs (vanishing gradients, residual shortcuts). */
export const gradientControls = (maxDepth: number): readonly ControlSpec[] => [
  datasetControl,
  { kind: "range", field: "depth", label: "Hidden layers", min: 2, max: maxDepth, step: 1 },
  { kind: "range", field: "width", label: "Units per layer", min: 2, max: 64, step: 1 },
  activationControl,
  initControl,
  { kind: "number", field: "learningRate", label: "Learning rate", min: 0.00001, max: 10, step: "any" },
  { kind: "number", field: "batchSize", label: "Batch size", min: 1, max: 512, step: 1 },
  stepsControl(),
  seedControl,
];
