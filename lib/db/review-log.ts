import "server-only";

import { Prisma } from "./generated/client";

// Readers of the review log count what the learner did: grades that stand. The log is append-only, so an undo
// is a row of its own (kind UNDO, cancelsId naming the grade) and the grade it cancels stays in place. Every
// reader that counts, replays or lists reviews uses one of these two filters.

/** Prisma filter: the grades no undo cancels (undo rows left out too). */
export const liveGradeWhere = { kind: "GRADE", cancelledBy: { is: null } } as const satisfies Prisma.ReviewLogWhereInput;

/**
 * SQL condition for a review-log row under `alias`: a grade that no undo cancels. The anti-join probes the
 * partial unique index on "cancelsId", which holds the undo rows only.
 */
export function liveGradeSql(alias: string): Prisma.Sql {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) throw new Error(`not an SQL alias: ${alias}`);
  const a = Prisma.raw(`"${alias}"`);
  return Prisma.sql`${a}."kind" = 'GRADE' AND NOT EXISTS (SELECT 1 FROM "ReviewLog" undo WHERE undo."cancelsId" = ${a}."id")`;
}
