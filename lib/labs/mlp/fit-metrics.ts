/**
 * The fit measurements every lab network reports (loss and accuracy on its train and test sets, and for 2-D
 * labs a decision boundary). In a module of their own so that `metrics.ts` and the transfer lab's metrics can
 * both build on them without importing each other.
 */
import { z } from "zod";

// A streamed value may be NaN or infinite when a run diverges (a large initialisation, a high learning
// rate); the page shows that rather than the message failing validation.
export const anyNumber = z.custom<number>((value) => typeof value === "number", { error: "expected a number" });

/** Predicted probability of class 1 at each cell of a `size` x `size` grid over [-extent, extent]^2 (row 0 on top). */
export const boundarySchema = z.object({
  size: z.int().positive(),
  extent: z.number().positive(),
  probs: z.array(anyNumber),
});
export type Boundary = z.infer<typeof boundarySchema>;

/** Loss (mean cross-entropy) and accuracy of one network on the whole train and test sets. */
export const fitMetricsSchema = z.object({
  trainLoss: anyNumber,
  trainAccuracy: anyNumber,
  testLoss: anyNumber,
  testAccuracy: anyNumber,
  boundary: boundarySchema.optional(),
});
export type FitMetrics = z.infer<typeof fitMetricsSchema>;
