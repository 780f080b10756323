import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

import { trainableConv2d } from "@/lib/labs/digits/digits-cnn";
import { startNodeBackend } from "@/lib/labs/train/node-backend";

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe("trainableConv2d", () => {
  beforeAll(async () => {
    // The cpu backend has tf.conv2d's own gradient kernels, the reference here.
    await startNodeBackend(tf, "cpu");
  });

  it("matches tf.conv2d and its gradients", async () => {
    const x = tf.randomNormal([2, 9, 8, 3], 0, 1, "float32", 1) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, "float32", 2) as tf.Tensor4D;
    const upstream = tf.randomNormal([2, 7, 6, 4], 0, 1, "float32", 3);
    const loss = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor4D) => (a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), upstream));
    const [refDx, refDw] = tf.grads(loss((a, b) => tf.conv2d(a, b, 1, "valid")))([x, w]);
    const [dx, dw] = tf.grads(loss((a, b) => trainableConv2d(tf, a, b, true)))([x, w]);
    const [refOut, out] = [tf.conv2d(x, w, 1, "valid"), trainableConv2d(tf, x, w, true)];
    expect(out.shape).toEqual([2, 7, 6, 4]);
    expect(maxAbsDiff(await out.data<"float32">(), await refOut.data<"float32">())).toBeLessThan(1e-5);
    expect(maxAbsDiff(await dx!.data<"float32">(), await refDx!.data<"float32">())).toBeLessThan(1e-4);
    expect(maxAbsDiff(await dw!.data<"float32">(), await refDw!.data<"float32">())).toBeLessThan(1e-4);
    tf.dispose([x, w, upstream, refDx!, refDw!, dx!, dw!, refOut, out]);
  });

  it("reports a zero input gradient when asked not to compute one", async () => {
    const x = tf.ones([1, 5, 5, 1]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 1, 2]) as tf.Tensor4D;
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(trainableConv2d(tf, a as tf.Tensor4D, b as tf.Tensor4D, false)))([x, w]);
    expect(Array.from(await dx!.data())).toEqual(new Array(25).fill(0));
    // Each kernel entry sees 3 x 3 output positions of an all-ones image.
    expect(Array.from(await dw!.data())).toEqual(new Array(18).fill(9));
    tf.dispose([x, w, dx!, dw!]);
  });

  it("trains on the WebAssembly backend, which lacks tf.conv2d's filter gradient", async () => {
    await startNodeBackend(tf, "wasm");
    const x = tf.randomNormal([1, 6, 6, 1], 0, 1, "float32", 4) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 1, 1], 0, 1, "float32", 5) as tf.Tensor4D;
    expect(() => tf.grad((b: tf.Tensor) => tf.sum(tf.conv2d(x, b as tf.Tensor4D, 1, "valid")))(w)).toThrow(/Conv2DBackpropFilter/);
    const dw = tf.grad((b: tf.Tensor) => tf.sum(trainableConv2d(tf, x, b as tf.Tensor4D, true)))(w);
    // d/dw of the sum of all outputs: each kernel entry multiplies a 4x4 window of the input.
    const windowSums = tf.tidy(() => {
      const parts: tf.Tensor[] = [];
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) parts.push(tf.sum(tf.slice(x, [0, i, j, 0], [1, 4, 4, 1])));
      return tf.stack(parts);
    });
    expect(maxAbsDiff(await dw.data<"float32">(), await windowSums.data<"float32">())).toBeLessThan(1e-5);
    tf.dispose([x, w, dw, windowSums]);
  });
});
