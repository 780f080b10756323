import type { DigitSamples } from "./digit-samples";
import type { DigitsCnnValues } from "./digits-cnn";

/** What the transfer-learning experiment needs besides its configuration: the pretrained base and the shipped digits. */
export interface TransferInputs {
  /** A model pretrained on digits other than 5-9 (the shipped `digits-cnn`). */
  readonly base: DigitsCnnValues;
  /** The shipped held-out digits; they must include 5-9. */
  readonly samples: DigitSamples;
}
