import { randomBytes } from "node:crypto";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

import { createDb, type Db, setDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate/migrations";
import type { DatabaseTarget } from "@/lib/db/target";

/**
 * Integration tests run on an in-memory PGlite database, or on a fresh PostgreSQL database when
 * TEST_DATABASE_URL names a server (e.g. postgresql://postgres@127.0.0.1:5432/postgres). Each call makes its own
 * database and `drop()` removes it. A non-local server is refused, so tests never touch a shared database.
 */
export const dbKind: "pglite" | "postgres" = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

export interface TestDatabase {
  target: DatabaseTarget;
  pglite?: PGlite;
  /** A raw SQL runner for assertions that look under the data layer. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function adminUrl(): URL {
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`TEST_DATABASE_URL must point at a local server (got ${url.hostname}); tests create and drop databases.`);
  }
  return url;
}

/** An empty database (no migrations applied). */
export async function emptyDatabase(): Promise<TestDatabase> {
  if (dbKind === "pglite") {
    const pglite = new PGlite("memory://");
    return {
      target: { kind: "pglite", dataDir: "memory://" },
      pglite,
      sql: async (text, params) => (await pglite.query(text, params)).rows as never,
      drop: () => pglite.close(),
    };
  }
  const admin = adminUrl();
  const name = `app_test_${randomBytes(6).toString("hex")}`;
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${name}"`);
  await adminClient.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    target: { kind: "postgres", url: url.toString() },
    sql: async (text, params) => (await pool.query(text, params)).rows as never,
    drop: async () => {
      await pool.end();
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      // Connections still closing would be killed by FORCE and report FATAL 57P01 as an unhandled error; give
      // them a moment to go, and force only as a last resort.
      for (let attempt = 0; ; attempt++) {
        try {
          await c.query(`DROP DATABASE IF EXISTS "${name}"${attempt >= 30 ? " WITH (FORCE)" : ""}`);
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== "55006" || attempt >= 30) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await c.end();
    },
  };
}

/** A migrated database with a Prisma client installed as the process-wide `db()`. */
export async function migratedDatabase(): Promise<TestDatabase & { db: Db }> {
  const base = await emptyDatabase();
  await applyMigrations(base.target, { pglite: base.pglite });
  const client = createDb(base.target, base.pglite);
  setDb(client);
  return {
    ...base,
    db: client,
    drop: async () => {
      setDb(undefined);
      await client.$disconnect();
      await base.drop();
    },
  };
}

/** Row counts of every table, to assert that a rejected request wrote nothing. */
export async function tableCounts(t: TestDatabase): Promise<Record<string, number>> {
  const tables = await t.sql<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1",
  );
  const out: Record<string, number> = {};
  for (const { tablename } of tables) {
    const rows = await t.sql<{ n: number | string }>(`SELECT count(*)::int AS n FROM "${tablename}"`);
    out[tablename] = Number(rows[0]?.n ?? 0);
  }
  return out;
}
