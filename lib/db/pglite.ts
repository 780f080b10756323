import "server-only";

import { mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";

/** Opens (creating if needed) the embedded database at `dataDir`, or an in-memory one for `memory://`. */
export function openPglite(dataDir: string): PGlite {
  if (dataDir.startsWith("memory://")) return new PGlite(dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  return new PGlite(dataDir);
}
