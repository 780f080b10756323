"use client";

import { useEffect, useState } from "react";

import type { GreyImage } from "@/lib/labs/conv-darkroom/images";
import {
  type ClassifyFn,
  occlude,
  type OcclusionScan,
  PATCH_FILL,
  PATCH_SIZE,
  type PatchPosition,
  topClasses,
} from "@/lib/labs/conv-darkroom/occlusion";

import { GreyCanvas } from "./grey-canvas";
import { PatchOverlay } from "./patch-overlay";

/**
 * The occlusion part of the darkroom: the picture with a draggable patch and the classifier's top three
 * digits for the occluded picture, updated as the patch moves; and the saliency map of the last scan.
 */
export function OcclusionPanel({
  image,
  classify,
  trueDigit,
  scan,
  scanProgress,
  position,
  onMove,
  busy,
}: {
  image: GreyImage;
  /** null while the classifier loads (or when it could not). */
  classify: ClassifyFn | null;
  /** The digit whose probability the scan tracks, when known. */
  trueDigit: number | null;
  scan: OcclusionScan | null;
  /** Share of the scan done (0-1) while one runs, else null. */
  scanProgress: number | null;
  position: PatchPosition;
  onMove: (position: PatchPosition) => void;
  busy: boolean;
}) {
  const [top, setTop] = useState<{ digit: number; probability: number }[] | null>(null);

  useEffect(() => {
    if (!classify) return;
    let current = true;
    void classify([occlude(image, position, PATCH_SIZE, PATCH_FILL)]).then(([probs]) => {
      if (current && probs) setTop(topClasses(probs, 3));
    });
    return () => {
      current = false;
    };
  }, [classify, image, position]);

  return (
    <section aria-labelledby="darkroom-occlusion-heading" className="space-y-3">
      <h3 id="darkroom-occlusion-heading" className="text-base font-semibold">
        What does the classifier look at?
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        A small LeNet-style network trained on handwritten digits reads the picture (shrunk to 28×28). Cover part
        of it with the black patch (it erases what it covers) and watch its top three guesses; a scan moves the patch over every position and
        paints how much the probability of {trueDigit === null ? "its first guess" : `the ${trueDigit}`} falls there.
      </p>
      <div className="grid max-w-3xl gap-4 sm:grid-cols-2">
        <div>
          <PatchOverlay imageSize={image.size} patch={PATCH_SIZE} position={position} onMove={onMove} disabled={busy}>
            <GreyCanvas image={image} label="The picture under the occlusion patch" />
          </PatchOverlay>
          <div aria-live="polite" className="mt-2 text-sm">
            {!classify ? (
              <p className="text-slate-500 dark:text-slate-400">Loading the classifier…</p>
            ) : top ? (
              <ol className="space-y-1">
                {top.map((c, rank) => (
                  <li key={c.digit} className="flex items-center gap-2">
                    <span className="w-24 shrink-0 tabular-nums">
                      {rank + 1}. digit {c.digit}
                    </span>
                    <span className="h-2 flex-1 rounded bg-slate-200 dark:bg-slate-700" aria-hidden="true">
                      <span className="block h-2 rounded bg-brand-600" style={{ width: `${Math.round(c.probability * 100)}%` }} />
                    </span>
                    <span className="w-12 text-right tabular-nums">{Math.round(c.probability * 100)}%</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </div>
        </div>
        <div>
          {scan ? (
            <>
              <GreyCanvas
                image={scan.heat}
                map="heat"
                label={`Saliency map: brighter where covering the picture lowers the probability of ${scan.trueDigit} more`}
              />
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
                Probability of {scan.trueDigit} on the whole picture: {Math.round(scan.base * 100)}%. Brighter: covering
                there lowers it more (largest fall {Math.round(Math.max(0, ...scan.drops) * 100)} points).
              </p>
            </>
          ) : (
            <p className="flex aspect-square w-full items-center justify-center rounded border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
              {scanProgress === null ? "Run a scan to paint the saliency map." : "Scanning…"}
            </p>
          )}
          {scanProgress !== null && (
            <progress className="mt-2 w-full" max={1} value={scanProgress} aria-label="Scan progress" />
          )}
        </div>
      </div>
    </section>
  );
}
