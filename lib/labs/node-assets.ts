/** The labs' shipped files read from content/models on disk: for the server's verification and Node tests. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import type { LabAssets } from "./assets";
import { decodeDenoiser, DENOISER_FOLDER, MODEL_FILE as DENOISER_MODEL, WEIGHTS_FILE as DENOISER_WEIGHTS } from "./diffusion-studio/model-file";
import { loadDigitSamples, SAMPLES_MANIFEST_FILE, SAMPLES_PIXELS_FILE } from "./digits/digit-samples";
import { BASE_MODELS, readBaseModel } from "./digits/load-base-model";
import { MODEL_FILE, WEIGHTS_FILE } from "./digits/model-file";

/** content/models of the checkout the process runs from. */
export const SHIPPED_MODELS_DIR = join(process.cwd(), "content", "models");

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => {
    value ??= load().catch((error: unknown) => {
      value = null;
      throw error;
    });
    return value;
  };
}

/** Reads each shipped file once per process. */
export function nodeLabAssets(dir: string = SHIPPED_MODELS_DIR): LabAssets {
  const bytes = async (folder: string, file: string) => new Uint8Array(await readFile(join(dir, folder, file)));
  const json = async (folder: string, file: string) => JSON.parse(await readFile(join(dir, folder, file), "utf8")) as unknown;
  const model = async (folder: string) => readBaseModel({ manifest: await json(folder, MODEL_FILE), weights: await bytes(folder, WEIGHTS_FILE) });
  const digitSamples = once(async () =>
    loadDigitSamples(await json("digit-samples", SAMPLES_MANIFEST_FILE), await bytes("digit-samples", SAMPLES_PIXELS_FILE)),
  );
  const pretrained = once(() => model(BASE_MODELS.pretrain));
  return {
    digitSamples,
    transferInputs: once(async () => ({ base: await pretrained(), samples: await digitSamples() })),
    digitClassifier: once(() => model(BASE_MODELS.allDigits)),
    denoiser: once(async () => decodeDenoiser(await json(DENOISER_FOLDER, DENOISER_MODEL), await bytes(DENOISER_FOLDER, DENOISER_WEIGHTS))),
  };
}
