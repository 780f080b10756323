/**
 * Where the app serves the shipped files of `content/models/` (see app/labs/models), and the loader of the
 * transfer-learning lab's inputs from there. Used by the lab worker and the main-thread fallback.
 */
import { fetchDigitSamples, fetchModelBytes, fetchModelJson } from "./conv-darkroom/assets";
import type { TransferInputs } from "./transfer-learning/experiment";
import { BASE_MODELS, readBaseModel } from "./digits/load-base-model";
import { MODEL_FILE, WEIGHTS_FILE } from "./digits/model-file";

/** URL path under which `content/models/<folder>/<file>` is served. */
export const SERVED_MODELS_PATH = "/labs/models";

/** The pretrained base (digits 0-4) and the shipped held-out digits, fetched from the app. */
export async function fetchTransferInputs(base: string = SERVED_MODELS_PATH): Promise<TransferInputs> {
  const folder = BASE_MODELS.pretrain;
  const [manifest, weights, samples] = await Promise.all([
    fetchModelJson(folder, MODEL_FILE, base),
    fetchModelBytes(folder, WEIGHTS_FILE, base),
    fetchDigitSamples(base),
  ]);
  return { base: readBaseModel({ manifest, weights }), samples };
}
