/**
 * Which gradient-flow regime a vanishing-gradients setting is in, from the settings alone: what the linked
 * cards teach about them. No TensorFlow.js.
 *
 * Backpropagation multiplies the error signal by one factor per layer: the weights' gain, about
 * std * sqrt(width) for a width x width layer drawn with standard deviation std, times the activation's
 * derivative: at most 1/4 for the sigmoid and 1 for tanh (so for them the factor below bounds the real one from
 * above), and for ReLU 0 or 1, sqrt(1/2) in root mean square with half the units active. Over `depth` layers
 * the signal reaching the first layer is about factor^depth times the output's.
 *
 * - vanishing: the product predicts the first layer's signal at least 10^3.5 times smaller than the output's
 *   (half a decade past the 1,000x band edge the predictions ask about);
 * - exploding: ReLU (which does not saturate, so its factor is an estimate, not a bound) with a product
 *   predicting at least 10^3.5 times growth: activations and gradients overflow within the first steps;
 * - neither: a factor near 1 (an initialization matched to the activation, or sigmoid and tanh with large
 *   weights, which saturate instead of growing). Then no layer is reliably the smallest, and the first
 *   layer's signal lands within about 1 to 150 times the output's depending on the seed (finite width
 *   makes the per-layer factors fluctuate), so the predictions do not grade.
 */
import type { VanishingGradientsConfig } from "./config";
import { initStd } from "../mlp/stacked-mlp";

export type GradientRegime = "vanishing" | "exploding" | "neither";

/** Half a decade past the 10^3 band edge: see the file comment. */
export const REGIME_MARGIN_LOG10 = 3.5;

const DERIVATIVE_GAIN = { sigmoid: 0.25, tanh: 1, relu: Math.SQRT1_2 } as const;

type Settings = Pick<VanishingGradientsConfig, "activation" | "init" | "depth" | "width">;

/** log10 of the predicted ratio of the first hidden layer's error signal to the output's (negative: vanishing). */
export function predictedLog10Flow(config: Settings): number {
  const factor = initStd(config.init, config.width, config.width) * Math.sqrt(config.width) * DERIVATIVE_GAIN[config.activation];
  return config.depth * Math.log10(factor);
}

export function gradientRegime(config: Settings): GradientRegime {
  const log10 = predictedLog10Flow(config);
  if (log10 <= -REGIME_MARGIN_LOG10) return "vanishing";
  if (config.activation === "relu" && log10 >= REGIME_MARGIN_LOG10) return "exploding";
  return "neither";
}

/** Why a setting in the "neither" regime grades no gradient-flow prediction. */
export function neitherReason(config: Settings): string {
  return `with ${config.activation} and ${config.init} initialization at width ${config.width} and depth ${config.depth}, each layer scales the gradient by a factor near 1, so whether and where it shrinks depends on the seed, not on the concept`;
}
