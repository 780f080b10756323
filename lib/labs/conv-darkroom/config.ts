import type { z } from "zod";

import { flag, integerIn, labObject, oneOf } from "../config-fields";

export const DARKROOM_IMAGES = ["digit", "face", "checkerboard"] as const;
export const DARKROOM_KERNELS = [
  "identity",
  "box-blur",
  "gaussian-blur",
  "sharpen",
  "sobel-x",
  "sobel-y",
  "laplacian",
  "emboss",
] as const;

/** Hand-picked convolution kernels applied to an image, stacked up to four layers. */
export const convDarkroomConfigSchema = labObject("conv-darkroom", {
  image: oneOf("image", DARKROOM_IMAGES, "digit"),
  kernel: oneOf("kernel", DARKROOM_KERNELS, "sobel-x"),
  layers: integerIn("layers", 1, 4, 1),
  relu: flag("relu", false),
});
export type ConvDarkroomConfig = z.output<typeof convDarkroomConfigSchema>;
