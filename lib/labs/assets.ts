/**
 * The shipped files a lab run needs besides its settings, as plain values: the transfer lab's pretrained base
 * and digits, the ten-digit classifier, the held-out digit pictures and the denoiser. The page fetches them from
 * the app (`served-models.ts`); the server and Node tests read them from content/models (`node-assets.ts`).
 */
import type { DenoiserValues } from "./diffusion-studio/denoiser";
import type { DigitSamples } from "./digits/digit-samples";
import type { DigitsCnnValues } from "./digits/digits-cnn";
import type { TransferInputs } from "./digits/transfer-inputs";

export interface LabAssets {
  transferInputs(): Promise<TransferInputs>;
  digitClassifier(): Promise<DigitsCnnValues>;
  digitSamples(): Promise<DigitSamples>;
  denoiser(): Promise<DenoiserValues>;
}
