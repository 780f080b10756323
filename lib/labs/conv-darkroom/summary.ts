import { z } from "zod";

import { DARKROOM_IMAGES, DARKROOM_KERNELS } from "./config";

const finite = z.number().nullable();

/**
 * The summary of a Conv Darkroom run: facts about the kernels, how sharp the last feature map is, and an
 * occlusion scan of the picture by the digit classifier. `steps` counts the occluded images classified.
 */
export const darkroomSummarySchema = z.object({
  lab: z.literal("conv-darkroom"),
  steps: z.int().nonnegative(),
  /** The picture measured: a preset picture or the learner's drawing. */
  image: z.enum([...DARKROOM_IMAGES, "drawing"]),
  /**
   * For a shipped digit picture, which one (its index among the shipped pictures of `occlusion.trueDigit`), so
   * the server can rebuild the run; null for the other pictures and drawings.
   */
  sample: z.int().min(0).max(999).nullable(),
  /** Whether the kernel was a preset's, or weights the learner typed. */
  kernel: z.enum([...DARKROOM_KERNELS, "custom"]),
  layers: z.int().min(1).max(4),
  /** Per preset, (E_v - E_h) / (E_v + E_h) on step edges: 1 for vertical edges only, -1 horizontal only. */
  edgeSelectivity: z.record(z.enum(DARKROOM_KERNELS), finite),
  /** Sharpness (neighbour differences over deviation) of the picture and of the last layer's feature map. */
  imageSharpness: finite,
  lastSharpness: finite,
  /**
   * How far this picture pins down log(lastSharpness / imageSharpness): its jackknife standard error over 8x8
   * blocks (see sharpness.ts); null when a block holds all the picture's contrast.
   */
  sharpnessSpread: finite,
  occlusion: z.object({
    /** The digit whose log-odds were tracked: the picture's label, or the classifier's first choice. */
    trueDigit: z.int().min(0).max(9),
    /** Its log-odds (nats) on the whole picture. */
    base: finite,
    /**
     * The largest fall of those log-odds with the patch over the digit's strokes, and over background only
     * (see `strokesVersusBackground`); null when no patch position is of that kind.
     */
    strokes: finite,
    background: finite,
  }),
});
export type DarkroomSummary = z.infer<typeof darkroomSummarySchema>;
