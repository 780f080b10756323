import "server-only";

import { type DatabaseTarget, describeTarget } from "./target";

const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET"]);

/** Turns a connection failure into one line naming the host; any other error keeps its own message. */
export function explainConnectionError(error: unknown, target: DatabaseTarget): string {
  const err = error as { code?: string; message?: string; errors?: { code?: string }[]; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code ?? err?.errors?.[0]?.code;
  if (target.kind === "postgres" && code && UNREACHABLE.has(code)) {
    return `Cannot reach ${describeTarget(target)} (${code}). Is the server running, and is DATABASE_URL right?`;
  }
  if (target.kind === "postgres" && code === "3D000") {
    return `The database in DATABASE_URL does not exist on ${describeTarget(target)}. Create it first (createdb).`;
  }
  if (target.kind === "postgres" && code === "28P01") {
    return `PostgreSQL refused the password in DATABASE_URL (${describeTarget(target)}).`;
  }
  return err?.message ?? String(error);
}
