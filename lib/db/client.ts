import "server-only";

import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { PrismaClient } from "./generated/client";
import { openPglite } from "./pglite";
import { type DatabaseTarget, databaseTarget } from "./target";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client";

/** Builds a client for a target. Password hashes are omitted from every query unless one asks for them. */
export function createDb(target: DatabaseTarget, pglite?: PGlite): Db {
  const adapter =
    target.kind === "postgres"
      ? new PrismaPg({ connectionString: target.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) })
      : new PrismaPGlite(pglite ?? openPglite(target.dataDir));
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
}

const globalForDb = globalThis as unknown as { __db?: Db };

/** The process-wide client (kept on globalThis so hot reloads in development reuse one connection). */
export function db(): Db {
  globalForDb.__db ??= createDb(databaseTarget());
  return globalForDb.__db;
}

/** For tests and scripts: use this client as the process-wide one. */
export function setDb(client: Db | undefined): void {
  globalForDb.__db = client;
}
