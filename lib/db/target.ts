import "server-only";

import path from "node:path";

export type DatabaseTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

/**
 * Where the app keeps its data: the PostgreSQL server named by `DATABASE_URL`, or, when it is unset, an embedded
 * PGlite database on disk under `.data/` (`PGLITE_DIR` overrides the folder; `memory://` keeps it in memory).
 */
export function databaseTarget(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(`DATABASE_URL must start with postgresql:// (got "${url.split(":")[0]}:...").`);
    }
    return { kind: "postgres", url };
  }
  const dir = env.PGLITE_DIR?.trim() || ".data/pglite";
  return { kind: "pglite", dataDir: dir.startsWith("memory://") ? dir : path.resolve(cwd, dir) };
}

/** `host:port` of a PostgreSQL URL, for error messages that must not print a password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PGlite at ${target.dataDir}`;
  try {
    const u = new URL(target.url);
    return `PostgreSQL at ${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "PostgreSQL (unparseable DATABASE_URL)";
  }
}
