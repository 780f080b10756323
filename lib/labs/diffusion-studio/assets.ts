/** Fetching the shipped denoiser (`content/models/diffusion-denoiser`) in the browser. */
import { fetchModelBytes, fetchModelJson, MODEL_BASE_URL } from "../conv-darkroom/assets";
import type { DenoiserValues } from "./denoiser";
import { decodeDenoiser, DENOISER_FOLDER, MODEL_FILE, WEIGHTS_FILE } from "./model-file";

/** The denoiser's weights as plain values. */
export async function fetchDenoiser(base: string = MODEL_BASE_URL): Promise<DenoiserValues> {
  const [manifest, weights] = await Promise.all([
    fetchModelJson(DENOISER_FOLDER, MODEL_FILE, base),
    fetchModelBytes(DENOISER_FOLDER, WEIGHTS_FILE, base),
  ]);
  return decodeDenoiser(manifest, weights);
}
