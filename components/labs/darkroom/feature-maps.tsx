"use client";

import type { GreyImage } from "@/lib/labs/conv-darkroom/images";

import { type ColourMap, GreyCanvas } from "./grey-canvas";

function range(image: GreyImage): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of image.pixels) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { min, max };
}

/** Grey when every value is a brightness in [0, 1]; the signed map when the layer made values outside it. */
function mapFor(image: GreyImage): ColourMap {
  const { min, max } = range(image);
  return min >= -1e-6 && max <= 1 + 1e-6 ? "grey" : "signed";
}

function short(v: number): string {
  return Math.abs(v) < 0.005 ? "0" : String(Number(v.toFixed(2)));
}

/** The picture and every layer's feature map, side by side, each with its value range. */
export function FeatureMaps({ image, maps, relu }: { image: GreyImage; maps: GreyImage[] | null; relu: boolean }) {
  const signed = maps?.some((m) => mapFor(m) === "signed") ?? false;
  return (
    <section aria-labelledby="darkroom-maps-heading" className="space-y-3">
      <h3 id="darkroom-maps-heading" className="text-base font-semibold">
        Feature maps
      </h3>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5">
        <li className="space-y-1">
          <GreyCanvas image={image} label="The picture" />
          <p className="text-xs text-slate-600 dark:text-slate-300">Picture</p>
        </li>
        {maps?.map((map, i) => {
          const { min, max } = range(map);
          const colours = mapFor(map);
          return (
            <li key={i} className="space-y-1">
              <GreyCanvas
                image={map}
                map={colours}
                label={`Feature map after layer ${i + 1}${relu ? " and its ReLU" : ""}, values from ${short(min)} to ${short(max)}`}
              />
              <p className="text-xs text-slate-600 dark:text-slate-300">
                Layer {i + 1}: {short(min)} to {short(max)}
              </p>
            </li>
          );
        })}
      </ul>
      {!maps && <p className="text-sm text-slate-500 dark:text-slate-400">Computing the feature maps…</p>}
      {signed && (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          Maps with values outside 0 to 1 are coloured: orange positive, blue negative, grey zero, each scaled to its
          largest magnitude.
        </p>
      )}
    </section>
  );
}
