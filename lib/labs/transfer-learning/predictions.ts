/** The transfer-learning lab's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, largest, percent } from "../prediction";
import type { TransferLearningConfig } from "./config";
import type { TransferSummary } from "./summary";

type Config = TransferLearningConfig;
type Summary = TransferSummary;

const TRANSFER_MODES = [
  { value: "scratch", label: "Trained from scratch" },
  { value: "frozen", label: "Frozen base, new output layer" },
  { value: "finetune", label: "Fine-tuned whole network" },
] as const;
type TransferModeName = (typeof TRANSFER_MODES)[number]["value"];
const TRANSFER_MODE_LABEL: Record<TransferModeName, string> = {
  scratch: "from scratch",
  frozen: "frozen base",
  finetune: "fine-tuned",
};

function heldOut(summary: Summary): string {
  return TRANSFER_MODES.map((m) => `${TRANSFER_MODE_LABEL[m.value]} ${percent(summary[m.value].finalTestAccuracy)}`).join(", ");
}

export const finetuneBeatsScratch = definePrediction({
  key: "transfer-finetune-beats-scratch",
  answer: { kind: "boolean" },
  taught: () => true,
  read(summary: Summary, _config: Config) {
    const finetune = summary.finetune.finalTestAccuracy;
    const scratch = summary.scratch.finalTestAccuracy;
    const higher = finetune !== null && (scratch === null || finetune > scratch);
    return { accepted: [higher], measured: `Held-out accuracy after ${summary.steps} epochs: ${heldOut(summary)}.` };
  },
});

export const bestTransferMode = definePrediction({
  key: "transfer-best-mode",
  answer: { kind: "choice", options: TRANSFER_MODES },
  taught: () => "finetune",
  read(summary: Summary) {
    // Ties count for every network that reaches the best accuracy.
    const accepted = largest(TRANSFER_MODES.map((m) => ({ option: m.value, value: summary[m.value].finalTestAccuracy })));
    return { accepted, measured: `Held-out accuracy: ${heldOut(summary)}.` };
  },
});

export const transferLearningPredictions = [finetuneBeatsScratch, bestTransferMode];
