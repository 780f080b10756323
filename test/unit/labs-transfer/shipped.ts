/** Reads the shipped model and sample files from content/models for the tests. */
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { type DigitSamples, loadDigitSamples, SAMPLES_MANIFEST_FILE, SAMPLES_PIXELS_FILE } from "@/lib/labs/digits/digit-samples";
import type { ModelFiles } from "@/lib/labs/digits/load-base-model";
import { MODEL_FILE, WEIGHTS_FILE } from "@/lib/labs/digits/model-file";

export const MODELS_DIR = fileURLToPath(new URL("../../../content/models/", import.meta.url));

export function shippedPath(...parts: string[]): string {
  return `${MODELS_DIR}${parts.join("/")}`;
}

export function readShippedModel(folder: string): ModelFiles {
  return {
    manifest: JSON.parse(readFileSync(shippedPath(folder, MODEL_FILE), "utf8")) as unknown,
    weights: new Uint8Array(readFileSync(shippedPath(folder, WEIGHTS_FILE))),
  };
}

export function shippedModelBytes(folder: string): number {
  return statSync(shippedPath(folder, MODEL_FILE)).size + statSync(shippedPath(folder, WEIGHTS_FILE)).size;
}

export async function readShippedSamples(): Promise<DigitSamples> {
  const manifest = JSON.parse(readFileSync(shippedPath("digit-samples", SAMPLES_MANIFEST_FILE), "utf8")) as unknown;
  return loadDigitSamples(manifest, new Uint8Array(readFileSync(shippedPath("digit-samples", SAMPLES_PIXELS_FILE))));
}
