"use client";

import { useEffect, useRef } from "react";

import type { GreyImage } from "@/lib/labs/conv-darkroom/images";

/**
 * How values become colours:
 * - `grey`: 0 black to 1 white, clipped;
 * - `signed`: 0 mid-grey, positive towards orange and negative towards blue, scaled by the largest magnitude
 *   (feature maps of edge kernels are signed);
 * - `heat`: 0 transparent-dark to the largest value bright yellow (saliency maps).
 */
export type ColourMap = "grey" | "signed" | "heat";

/** The largest absolute value of an image (at least a tiny number, so a flat map does not divide by zero). */
export function maxAbs(image: GreyImage): number {
  let m = 1e-9;
  for (const v of image.pixels) m = Math.max(m, Math.abs(v));
  return m;
}

function paint(image: GreyImage, map: ColourMap, data: Uint8ClampedArray): void {
  const scale = map === "grey" ? 1 : maxAbs(image);
  image.pixels.forEach((raw, i) => {
    const o = i * 4;
    if (map === "grey") {
      const g = Math.round(255 * Math.min(1, Math.max(0, raw)));
      data[o] = g;
      data[o + 1] = g;
      data[o + 2] = g;
    } else if (map === "signed") {
      const v = Math.max(-1, Math.min(1, raw / scale));
      // Mid-grey at 0; orange (255, 140, 0) at +1; blue (30, 100, 255) at -1.
      const [r, g, b] = v >= 0 ? [255, 140, 0] : [30, 100, 255];
      const w = Math.abs(v);
      data[o] = Math.round(128 + (r - 128) * w);
      data[o + 1] = Math.round(128 + (g - 128) * w);
      data[o + 2] = Math.round(128 + (b - 128) * w);
    } else {
      const v = Math.max(0, Math.min(1, raw / scale));
      data[o] = Math.round(255 * Math.min(1, 2 * v));
      data[o + 1] = Math.round(255 * Math.max(0, 2 * v - 1));
      data[o + 2] = Math.round(60 * (1 - v));
    }
    data[o + 3] = 255;
  });
}

/**
 * Draws a square grey image into a canvas of its own pixel size, scaled up by CSS with crisp pixels. The
 * canvas is an image to assistive technology, described by `label`.
 */
export function GreyCanvas({
  image,
  label,
  map = "grey",
  className = "w-full",
}: {
  image: GreyImage;
  label: string;
  map?: ColourMap;
  className?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext("2d");
    if (!canvas || !context) return;
    const pixels = context.createImageData(image.size, image.size);
    paint(image, map, pixels.data);
    context.putImageData(pixels, 0, 0);
  }, [image, map]);
  return (
    <canvas
      ref={ref}
      width={image.size}
      height={image.size}
      role="img"
      aria-label={label}
      className={`aspect-square rounded border border-slate-300 bg-black [image-rendering:pixelated] dark:border-slate-700 ${className}`}
    />
  );
}
