/**
 * Every lab's configuration in one module: a zod schema with defaults per lab, parsing of partial configs
 * (a card's preset, a URL query) into full ones, and the URL round trip. No TensorFlow.js here, so the
 * content checker, the server and the page can all import it.
 */
import { z } from "zod";

/** The labs of the course, by stable key (the keys used in `content/labs.yaml` and card presets). */
export const LAB_KEYS = [
  "vanishing-gradients",
  "residual-shortcuts",
  "l1-vs-l2",
  "transfer-learning",
  "conv-darkroom",
  "diffusion-studio",
] as const;
export type LabKey = (typeof LAB_KEYS)[number];

/** True when `value` names a lab. */
export function isLabKey(value: string): value is LabKey {
  return (LAB_KEYS as readonly string[]).includes(value);
}

export const DATASETS = ["spirals", "circles", "xor"] as const;
export const ACTIVATIONS = ["sigmoid", "tanh", "relu"] as const;
export const INITS = ["small", "xavier", "he", "large"] as const;
export type DatasetName = (typeof DATASETS)[number];
export type ActivationName = (typeof ACTIVATIONS)[number];
export type InitName = (typeof INITS)[number];

/** Largest seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 4_294_967_295;

// Each check carries its own message: the lab page shows these to the learner as they are.
function integerIn(field: string, min: number, max: number, fallback: number) {
  const range = `${field} must be a whole number from ${min} to ${max}`;
  return z
    .number({ error: range })
    .int({ error: range })
    .min(min, { error: range })
    .max(max, { error: range })
    .default(fallback);
}

function numberIn(field: string, min: number, max: number, fallback: number) {
  const range = `${field} must be a number from ${min} to ${max}`;
  return z.number({ error: range }).min(min, { error: range }).max(max, { error: range }).default(fallback);
}

function oneOf<const T extends readonly [string, ...string[]]>(field: string, values: T, fallback: T[number]) {
  return z.enum(values, { error: `${field} must be one of ${values.join(", ")}` }).default(fallback);
}

function flag(field: string, fallback: boolean) {
  return z.boolean({ error: `${field} must be true or false` }).default(fallback);
}

function labObject<S extends z.ZodRawShape>(lab: LabKey, shape: S) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(", ")} for lab ${lab} (settings: ${known})`
        : undefined,
  });
}

const seed = () => integerIn("seed", 0, MAX_SEED, 1);
const steps = (fallback: number) => integerIn("steps", 10, 2000, fallback);

/** Deep MLP whose per-layer gradient norms show vanishing (and exploding) gradients. */
export const vanishingGradientsConfigSchema = labObject("vanishing-gradients", {
  dataset: oneOf("dataset", DATASETS, "circles"),
  depth: integerIn("depth", 2, 50, 10),
  width: integerIn("width", 2, 64, 16),
  activation: oneOf("activation", ACTIVATIONS, "sigmoid"),
  init: oneOf("init", INITS, "xavier"),
  learningRate: numberIn("learningRate", 0.00001, 10, 0.1),
  steps: steps(300),
  batchSize: integerIn("batchSize", 1, 512, 64),
  seed: seed(),
});

/** A plain and a residual MLP of the same shape, trained side by side on the same data from the same start. */
export const residualShortcutsConfigSchema = labObject("residual-shortcuts", {
  dataset: oneOf("dataset", DATASETS, "circles"),
  depth: integerIn("depth", 2, 64, 30),
  width: integerIn("width", 2, 64, 16),
  activation: oneOf("activation", ACTIVATIONS, "tanh"),
  init: oneOf("init", INITS, "xavier"),
  learningRate: numberIn("learningRate", 0.00001, 10, 0.1),
  steps: steps(300),
  batchSize: integerIn("batchSize", 1, 512, 64),
  seed: seed(),
});

/** One small MLP trained three ways at once: no penalty, an L1 penalty and an L2 penalty of equal strength. */
export const l1VsL2ConfigSchema = labObject("l1-vs-l2", {
  dataset: oneOf("dataset", DATASETS, "circles"),
  strength: numberIn("strength", 0, 1, 0.002),
  noise: numberIn("noise", 0, 0.5, 0.15),
  trainSize: integerIn("trainSize", 40, 400, 60),
  steps: steps(600),
  seed: seed(),
});

/** Fine-tuning a small pretrained network on a few examples per class. */
export const transferLearningConfigSchema = labObject("transfer-learning", {
  examplesPerClass: integerIn("examplesPerClass", 1, 50, 5),
  learningRate: numberIn("learningRate", 0.00001, 1, 0.01),
  fineTuneLearningRate: numberIn("fineTuneLearningRate", 0.000001, 1, 0.001),
  epochs: integerIn("epochs", 1, 100, 20),
  seed: seed(),
});

export const DARKROOM_IMAGES = ["digit", "face", "checkerboard"] as const;
export const DARKROOM_KERNELS = [
  "identity",
  "box-blur",
  "gaussian-blur",
  "sharpen",
  "sobel-x",
  "sobel-y",
  "laplacian",
  "emboss",
] as const;

/** Hand-picked convolution kernels applied to an image, stacked up to four layers. */
export const convDarkroomConfigSchema = labObject("conv-darkroom", {
  image: oneOf("image", DARKROOM_IMAGES, "digit"),
  kernel: oneOf("kernel", DARKROOM_KERNELS, "sobel-x"),
  layers: integerIn("layers", 1, 4, 1),
  relu: flag("relu", false),
});

export const DIFFUSION_SCHEDULES = ["cosine", "linear"] as const;
export const DIFFUSION_SAMPLERS = ["euler", "ddim-eta0", "ddim-eta1"] as const;

/** Noising and denoising digits with a small pretrained diffusion model. */
export const diffusionStudioConfigSchema = labObject("diffusion-studio", {
  schedule: oneOf("schedule", DIFFUSION_SCHEDULES, "cosine"),
  sampler: oneOf("sampler", DIFFUSION_SAMPLERS, "ddim-eta0"),
  steps: integerIn("steps", 1, 1000, 50),
  t: integerIn("t", 0, 1000, 500),
  digit: integerIn("digit", 0, 9, 3),
  seed: seed(),
});

/** Each lab's schema, by lab key. */
export const labConfigSchemas = {
  "vanishing-gradients": vanishingGradientsConfigSchema,
  "residual-shortcuts": residualShortcutsConfigSchema,
  "l1-vs-l2": l1VsL2ConfigSchema,
  "transfer-learning": transferLearningConfigSchema,
  "conv-darkroom": convDarkroomConfigSchema,
  "diffusion-studio": diffusionStudioConfigSchema,
} as const satisfies Record<LabKey, z.ZodType>;

type Schemas = typeof labConfigSchemas;
/** A lab's full configuration (every field present). */
export type LabConfig<K extends LabKey = LabKey> = z.output<Schemas[K]>;
/** A lab's partial configuration, as a card preset or a URL gives it. */
export type LabConfigInput<K extends LabKey = LabKey> = z.input<Schemas[K]>;
export type VanishingGradientsConfig = LabConfig<"vanishing-gradients">;
export type ResidualShortcutsConfig = LabConfig<"residual-shortcuts">;
export type L1VsL2Config = LabConfig<"l1-vs-l2">;

export type ConfigResult<K extends LabKey> = { ok: true; config: LabConfig<K> } | { ok: false; error: string };

function schemaFor<K extends LabKey>(lab: K): z.ZodType<LabConfig<K>, LabConfigInput<K>> {
  // The record's value type at a generic key does not narrow on its own; the satisfies clause above
  // guarantees every entry is the schema of its key.
  return labConfigSchemas[lab] as unknown as z.ZodType<LabConfig<K>, LabConfigInput<K>>;
}

/** Turns a zod error into one line per problem, e.g. `depth must be a whole number from 2 to 50`. */
export function formatConfigError(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join("; ");
}

/**
 * Parses a partial configuration (a preset, or values decoded from a URL) into a full one, filling in the
 * lab's defaults. Out-of-range values and unknown settings give `{ ok: false, error }` with a message a
 * learner can act on.
 */
export function parseLabConfig<K extends LabKey>(lab: K, input: unknown): ConfigResult<K> {
  const result = schemaFor(lab).safeParse(input ?? {});
  return result.success ? { ok: true, config: result.data } : { ok: false, error: formatConfigError(result.error) };
}

/** The lab's default configuration. */
export function defaultLabConfig<K extends LabKey>(lab: K): LabConfig<K> {
  return schemaFor(lab).parse({});
}

/**
 * Encodes a configuration as URL query parameters, leaving out fields equal to their defaults so that
 * shared links stay short. Field order follows the schema, so equal configs give equal URLs.
 */
export function toSearchParams<K extends LabKey>(lab: K, config: LabConfig<K>): URLSearchParams {
  const defaults: Record<string, unknown> = defaultLabConfig(lab);
  const values: Record<string, unknown> = config;
  const params = new URLSearchParams();
  for (const key of Object.keys(defaults)) {
    const value = values[key];
    if (value !== undefined && value !== defaults[key]) params.set(key, String(value));
  }
  return params;
}

/**
 * Decodes a lab's configuration from URL query parameters. Parameters that are not settings of this lab
 * (such as `backend`) are ignored; each setting is read as the type of its default (number, boolean or
 * text) and then validated like any other input.
 */
export function fromSearchParams<K extends LabKey>(
  lab: K,
  params: URLSearchParams | string | Record<string, string | string[] | undefined>,
): ConfigResult<K> {
  const defaults: Record<string, unknown> = defaultLabConfig(lab);
  const read = toLookup(params);
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const raw = read(key);
    if (raw === undefined) continue;
    input[key] = decodeValue(raw, typeof defaults[key]);
  }
  return parseLabConfig(lab, input);
}

function toLookup(
  params: URLSearchParams | string | Record<string, string | string[] | undefined>,
): (key: string) => string | undefined {
  if (typeof params === "string" || params instanceof URLSearchParams) {
    const search = typeof params === "string" ? new URLSearchParams(params) : params;
    return (key) => search.get(key) ?? undefined;
  }
  // Next.js hands pages `searchParams` as a record whose repeated keys are arrays: the first value wins.
  return (key) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  };
}

function decodeValue(raw: string, kind: string): unknown {
  const text = raw.trim();
  if (kind === "number") {
    // Left as text when it is not a number, so the schema reports it with the field's own message.
    return text !== "" && Number.isFinite(Number(text)) ? Number(text) : raw;
  }
  if (kind === "boolean") {
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    return raw;
  }
  return text;
}
