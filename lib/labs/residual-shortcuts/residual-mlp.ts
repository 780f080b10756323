/**
 * The residual-shortcuts lab's networks: a plain deep MLP and a residual one with the same weights, stacked on
 * one model axis (see `StackedMlp`). The residual model is wired as residual networks are built in practice,
 * not as a bare `h + f(h)`, which diverges with ReLU/He and saturates with sigmoid at the depths this lab uses:
 *
 *   h_1     = act(x W_1 + b_1)                                  (the input layer, as in the plain net)
 *   h_{k+1} = h_k + beta * act(N(h_k) W_{k+1} + b_{k+1})        (a pre-activation block, k = 1..depth-1)
 *   logit   = N(h_depth) W_out + b_out                           (a final normalization before the classifier)
 *
 * N(h) = (h - mean(h)) / sqrt(var(h) + eps) over a point's units (LayerNorm), with no learned gain or bias (so
 * both models keep exactly the plain net's variables), as in pre-activation ResNets and pre-norm transformers.
 * The centering matters: sigmoid branches all add positive values, and RMSNorm (no centering) left sigmoid
 * residual nets at chance loss. The branch scale beta = 1 / sqrt(depth - 1) keeps the residual stream's size
 * O(1) at any depth (as Fixup and SkipInit do). Without these, h + act(h W) diverged to NaN with ReLU/He and
 * never left chance loss with sigmoid.
 * The plain model stays h_{k+1} = act(h_k W_{k+1} + b_{k+1}), bit for bit the vanishing-gradients lab's net.
 */
import type * as TF from "@tensorflow/tfjs";

import { activate, StackedMlp, type StackedMlpOptions } from "../mlp/stacked-mlp";
import type { Tf } from "../tf";

/** Added to the variance inside the normalization, so a constant hidden state does not divide by zero. */
export const NORM_EPSILON = 1e-5;

/** The branch scale of a residual net with `depth` hidden layers (depth - 1 residual blocks). */
export function branchScale(depth: number): number {
  return 1 / Math.sqrt(Math.max(1, depth - 1));
}

/** A plain/residual pair (or any mix) of deep MLPs; `options.residual` says which models are residual. */
export class ResidualPairMlp extends StackedMlp {
  private readonly pairTf: Tf;
  /** [M, 1, 1]: 1 for residual models, 0 for plain ones. */
  private readonly isResidual: TF.Tensor3D;
  /** [M, 1, 1]: 1 - isResidual. */
  private readonly isPlain: TF.Tensor3D;
  /** [M, 1, 1]: the factor on a block's branch, beta for residual models and 1 for plain ones. */
  private readonly branchFactor: TF.Tensor3D;

  constructor(tf: Tf, options: StackedMlpOptions) {
    super(tf, options);
    this.pairTf = tf;
    const beta = branchScale(options.depth);
    this.isResidual = tf.tensor3d(options.residual.map((r) => (r ? 1 : 0)), [options.models, 1, 1]);
    this.isPlain = tf.tensor3d(options.residual.map((r) => (r ? 0 : 1)), [options.models, 1, 1]);
    this.branchFactor = tf.tensor3d(options.residual.map((r) => (r ? beta : 1)), [options.models, 1, 1]);
  }

  /** Logits [M, B, 1] for inputs [1, B, 2] or [M, B, 2]. Call inside a tidy. */
  override logits(inputs: TF.Tensor3D): TF.Tensor3D {
    const tf = this.pairTf;
    const last = this.weights.length - 1;
    const layer = (h: TF.Tensor3D, k: number) =>
      this.act(tf.add(tf.matMul(h, this.weights[k] as TF.Tensor3D), this.biases[k] as TF.Tensor3D));
    let h = layer(inputs, 0);
    for (let k = 1; k < last; k++) {
      // Plain models: isResidual = 0 and branchFactor = 1, so h_{k+1} = f exactly.
      const f = layer(this.normalizedForResidual(h), k);
      h = tf.add(tf.mul(f, this.branchFactor), tf.mul(h, this.isResidual));
    }
    const out = this.normalizedForResidual(h);
    return tf.add(tf.matMul(out, this.weights[last] as TF.Tensor3D), this.biases[last] as TF.Tensor3D);
  }

  /**
   * LN(h) for residual models, h itself (exactly: nothing subtracted, a factor of 1) for plain ones. Written so
   * that the plain lane costs no extra arithmetic error, in as few ops as the masking allows.
   */
  private normalizedForResidual(h: TF.Tensor3D): TF.Tensor3D {
    const tf = this.pairTf;
    const centered = tf.sub(h, tf.mul(tf.mean(h, -1, true), this.isResidual));
    const inverseStd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), NORM_EPSILON));
    return tf.mul(centered, tf.add(tf.mul(inverseStd, this.isResidual), this.isPlain));
  }

  private act(x: TF.Tensor3D): TF.Tensor3D {
    return activate(this.pairTf, this.options.activation, x);
  }

  override dispose(): void {
    super.dispose();
    this.isResidual.dispose();
    this.isPlain.dispose();
    this.branchFactor.dispose();
  }
}
