/**
 * Convolving darkroom images with 3x3 kernels, layer after layer: with TensorFlow.js (`tf.conv2d`, what the
 * lab runs) and in plain JavaScript (the reference the tests hold it to). Both pad the border by repeating
 * the edge pixels, so a flat region stays flat up to the border and the maps keep the image's size.
 */
import type { Tf } from "../tf";
import type { GreyImage } from "./images";
import { KERNEL_CELLS, type Kernel, transposeKernel } from "./kernels";
import { stepEdge } from "./images";

/** One layer of the stack: a kernel and whether a ReLU (max(0, x)) follows it. */
export interface ConvLayer {
  readonly kernel: Kernel;
  readonly relu: boolean;
}

function checkKernel(kernel: Kernel): void {
  if (kernel.length !== KERNEL_CELLS || kernel.some((v) => !Number.isFinite(v))) {
    throw new RangeError(`a kernel has ${KERNEL_CELLS} finite weights`);
  }
}

/** One layer in plain JavaScript: cross-correlation with edge padding, then the optional ReLU. */
export function convolveReference(image: GreyImage, layer: ConvLayer): GreyImage {
  checkKernel(layer.kernel);
  const n = image.size;
  const out = new Float32Array(n * n);
  const clamp = (v: number) => (v < 0 ? 0 : v >= n ? n - 1 : v);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let sum = 0;
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          sum += (layer.kernel[i * 3 + j] as number) * (image.pixels[clamp(y + i - 1) * n + clamp(x + j - 1)] as number);
        }
      }
      out[y * n + x] = layer.relu && sum < 0 ? 0 : sum;
    }
  }
  return { size: n, pixels: out };
}

/** Every layer's feature map, first layer first, in plain JavaScript. */
export function featureMapsReference(image: GreyImage, layers: readonly ConvLayer[]): GreyImage[] {
  const maps: GreyImage[] = [];
  let current = image;
  for (const layer of layers) {
    current = convolveReference(current, layer);
    maps.push(current);
  }
  return maps;
}

/**
 * Every layer's feature map with TensorFlow.js on its current backend: edge padding (`tf.mirrorPad` in
 * symmetric mode, one pixel), then a "valid" `tf.conv2d`, then the optional ReLU. One read-back at the end.
 */
export async function featureMaps(tf: Tf, image: GreyImage, layers: readonly ConvLayer[]): Promise<GreyImage[]> {
  if (layers.length === 0) return [];
  layers.forEach((layer) => checkKernel(layer.kernel));
  const n = image.size;
  const stacked = tf.tidy(() => {
    let x = tf.tensor4d(image.pixels, [1, n, n, 1]);
    const outputs = [];
    for (const layer of layers) {
      const padded = tf.mirrorPad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], "symmetric");
      const y = tf.conv2d(padded, tf.tensor4d([...layer.kernel], [3, 3, 1, 1]), 1, "valid");
      x = layer.relu ? tf.relu(y) : y;
      outputs.push(x);
    }
    return tf.concat(outputs, 3);
  });
  try {
    const data = await stacked.data<"float32">();
    // Channel-last: value (y, x, layer) sits at (y * n + x) * L + layer.
    return layers.map((_, l) => {
      const pixels = new Float32Array(n * n);
      for (let p = 0; p < n * n; p++) pixels[p] = data[p * layers.length + l] as number;
      return { size: n, pixels };
    });
  } finally {
    stacked.dispose();
  }
}

/** Sum of absolute responses of one layer (no ReLU) to an image. */
function responseEnergy(image: GreyImage, kernel: Kernel): number {
  return convolveReference(image, { kernel, relu: false }).pixels.reduce((a, v) => a + Math.abs(v), 0);
}

/**
 * How much more a kernel responds to a vertical step edge than to a horizontal one, from -1 (horizontal
 * edges only) through 0 (both alike, as for every kernel equal to its own transpose) to 1 (vertical edges
 * only): (E_v - E_h) / (E_v + E_h), E the summed absolute response. 0 for the zero kernel.
 */
export function edgeSelectivity(kernel: Kernel, size = 16): number {
  const vertical = responseEnergy(stepEdge("vertical", size), kernel);
  // A horizontal edge is the transposed vertical one, so transposing the kernel instead gives the same E_h.
  const horizontal = responseEnergy(stepEdge("vertical", size), transposeKernel(kernel));
  const total = vertical + horizontal;
  return total === 0 ? 0 : (vertical - horizontal) / total;
}

/**
 * How sharp a map looks, independent of its brightness and contrast: the root-mean-square difference
 * between horizontally and vertically neighbouring pixels over the map's standard deviation. Blurring
 * spreads each edge over more pixels and lowers it (even for a single straight edge); sharpening and edge
 * detection raise it; 0 for a flat map.
 */
export function sharpness(image: GreyImage): number {
  const n = image.size;
  const p = image.pixels;
  let mean = 0;
  for (const v of p) mean += v;
  mean /= p.length;
  let variance = 0;
  for (const v of p) variance += (v - mean) ** 2;
  variance /= p.length;
  if (variance < 1e-18) return 0;
  let diff = 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = p[y * n + x] as number;
      if (x + 1 < n) diff += ((p[y * n + x + 1] as number) - v) ** 2;
      if (y + 1 < n) diff += ((p[(y + 1) * n + x] as number) - v) ** 2;
    }
  }
  return Math.sqrt(diff / (2 * n * (n - 1)) / variance);
}
