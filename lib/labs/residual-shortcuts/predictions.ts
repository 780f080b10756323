/** The residual-shortcuts lab's predictions and how a run grades them (prompts: content/labs.yaml). */
import { definePrediction, formatMeasure } from "../prediction";
import type { ResidualShortcutsConfig } from "./config";
import type { ResidualSummary } from "./summary";

type Config = ResidualShortcutsConfig;
type Summary = ResidualSummary;

export const residualLossLower = definePrediction({
  key: "residual-loss-lower",
  answer: { kind: "boolean" },
  taught: () => true,
  read(summary: Summary, _config: Config) {
    const plain = summary.plain.finalTrainLoss;
    const residual = summary.residual.finalTrainLoss;
    // A diverged network (null) has the higher loss.
    const lower = residual !== null && (plain === null || residual < plain);
    return {
      accepted: [lower],
      measured: `Final training loss: residual ${formatMeasure(residual)}, plain ${formatMeasure(plain)}.`,
    };
  },
});

export const residualFirstLayer = definePrediction({
  key: "residual-first-layer-gradient",
  answer: {
    kind: "choice",
    options: [
      { value: "residual-larger", label: "At least 10 times larger" },
      { value: "similar", label: "Within a factor of 10" },
      { value: "plain-larger", label: "At least 10 times smaller" },
    ],
  },
  taught: () => "residual-larger",
  read(summary: Summary) {
    const plain = summary.plain.gradNorms[0] ?? null;
    const residual = summary.residual.gradNorms[0] ?? null;
    if (plain === null || residual === null) {
      return { accepted: [], measured: "A first-layer gradient was not a finite number (the run diverged)." };
    }
    const band = residual >= 10 * plain ? "residual-larger" : plain >= 10 * residual ? "plain-larger" : "similar";
    return {
      accepted: [band],
      measured: `First-layer gradient norm: residual ${formatMeasure(residual)}, plain ${formatMeasure(plain)}.`,
    };
  },
});

export const residualShortcutsPredictions = [residualLossLower, residualFirstLayer];
