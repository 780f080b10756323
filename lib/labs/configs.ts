/**
 * Every lab's configuration, through the registry: parsing of partial configs (a card's preset, a URL query)
 * into full ones, the defaults, and the URL round trip. Each lab's schema lives in its own `config.ts`. No
 * TensorFlow.js here, so the content checker, the server and the page can all import it.
 */
import type { z } from "zod";

import type { LabKey } from "./lab-keys";
import { type LabConfig, type LabConfigInput, labs } from "./registry";

export { ACTIVATIONS, type ActivationName, DATASETS, type DatasetName, INITS, type InitName, MAX_SEED } from "./config-fields";
export { DARKROOM_IMAGES, DARKROOM_KERNELS, type ConvDarkroomConfig } from "./conv-darkroom/config";
export { DIFFUSION_SAMPLERS, DIFFUSION_SCHEDULES, type DiffusionStudioConfig } from "./diffusion-studio/config";
export type { L1VsL2Config } from "./l1-vs-l2/config";
export { isLabKey, LAB_KEYS, type LabKey } from "./lab-keys";
export type { LabConfig, LabConfigInput } from "./registry";
export type { ResidualShortcutsConfig } from "./residual-shortcuts/config";
export type { TransferLearningConfig } from "./transfer-learning/config";
export type { VanishingGradientsConfig } from "./vanishing-gradients/config";

export type ConfigResult<K extends LabKey> = { ok: true; config: LabConfig<K> } | { ok: false; error: string };

function schemaFor<K extends LabKey>(lab: K): z.ZodType<LabConfig<K>, LabConfigInput<K>> {
  // The registry's value type at a generic key does not narrow on its own; its satisfies clause guarantees
  // every entry is the module of its key.
  return labs[lab].config as unknown as z.ZodType<LabConfig<K>, LabConfigInput<K>>;
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
