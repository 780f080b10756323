/**
 * True retention: the share of reviews of cards already in the REVIEW state (graduated, not in learning
 * steps) that the learner passed (rated Hard, Good or Easy rather than Again). Null with no such reviews.
 */
export function trueRetention(passed: number, total: number): number | null {
  return total > 0 ? passed / total : null;
}

/** The latest of several moments, ignoring missing ones; null when all are missing. */
export function latest(...moments: (Date | null | undefined)[]): Date | null {
  let best: Date | null = null;
  for (const m of moments) if (m && (!best || m.getTime() > best.getTime())) best = m;
  return best;
}
