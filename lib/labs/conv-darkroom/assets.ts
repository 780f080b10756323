/**
 * Fetching the labs' shipped files (`content/models/<folder>/<file>`) in the browser, from where the app
 * serves them. Nothing here is fetched from another origin.
 */
import type { DigitsCnnValues } from "../digits/digits-cnn";
import { type DigitSamples, loadDigitSamples, SAMPLES_MANIFEST_FILE, SAMPLES_PIXELS_FILE } from "../digits/digit-samples";
import { BASE_MODELS, readBaseModel } from "../digits/load-base-model";
import { MODEL_FILE, WEIGHTS_FILE } from "../digits/model-file";

/** Where the app serves `content/models/`. */
export const MODEL_BASE_URL = "/models";

/** The bytes of one shipped file. Throws with a message a learner can act on when it cannot be fetched. */
export async function fetchModelBytes(folder: string, file: string, base: string = MODEL_BASE_URL): Promise<Uint8Array> {
  const url = `${base}/${folder}/${file}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(`could not download ${url}; check your connection and reload the page`);
  }
  if (!response.ok) throw new Error(`could not download ${url} (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/** One shipped JSON file, parsed. */
export async function fetchModelJson(folder: string, file: string, base: string = MODEL_BASE_URL): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await fetchModelBytes(folder, file, base))) as unknown;
}

/** The shipped held-out digits (`content/models/digit-samples`), decoded. */
export async function fetchDigitSamples(base: string = MODEL_BASE_URL): Promise<DigitSamples> {
  const [manifest, pixels] = await Promise.all([
    fetchModelJson("digit-samples", SAMPLES_MANIFEST_FILE, base),
    fetchModelBytes("digit-samples", SAMPLES_PIXELS_FILE, base),
  ]);
  return loadDigitSamples(manifest, pixels);
}

/** The shipped ten-digit classifier's weights (`content/models/digits10-cnn`), as plain values. */
export async function fetchDigitClassifier(base: string = MODEL_BASE_URL): Promise<DigitsCnnValues> {
  const folder = BASE_MODELS.allDigits;
  const [manifest, weights] = await Promise.all([fetchModelJson(folder, MODEL_FILE, base), fetchModelBytes(folder, WEIGHTS_FILE, base)]);
  return readBaseModel({ manifest, weights });
}
