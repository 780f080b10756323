import "server-only";

import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import pg from "pg";

import { openPglite } from "../pglite";
import type { DatabaseTarget } from "../target";
import { engineErrorMessage, openEngine } from "./engine";
import {
  type AppliedMigrationRow,
  type LocalMigration,
  type MigrationStatus,
  migrationChecksum,
  migrationStatus,
} from "./status";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");
export const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Reads the migrations folder the way the engine expects it. */
export async function readMigrationsList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockPath = path.join(dir, "migration_lock.toml");
  const entries = existsSync(dir) ? await readdir(dir, { withFileTypes: true }) : [];
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      folders.map(async (name) => {
        const file = path.join(dir, name, "migration.sql");
        let content: MigrationList["migrationDirectories"][number]["migrationFile"]["content"];
        try {
          content = { tag: "ok", value: await readFile(file, "utf8") };
        } catch (error) {
          content = { tag: "error", value: (error as Error).message };
        }
        return { path: name, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

export function localMigrations(list: MigrationList): LocalMigration[] {
  return list.migrationDirectories.flatMap((d) =>
    d.migrationFile.content.tag === "ok" ? [{ name: d.path, checksum: migrationChecksum(d.migrationFile.content.value) }] : [],
  );
}

const HISTORY_SQL =
  "SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at";

/** Rows of `_prisma_migrations`; none when the table does not exist yet. */
export async function readAppliedRows(target: DatabaseTarget, pglite?: PGlite): Promise<AppliedMigrationRow[]> {
  const exists = "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present";
  if (target.kind === "postgres") {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ present: boolean }>(exists);
      if (!rows[0]?.present) return [];
      return (await client.query<AppliedMigrationRow>(HISTORY_SQL)).rows;
    } finally {
      await client.end();
    }
  }
  const db = pglite ?? openPglite(target.dataDir);
  try {
    const { rows } = await db.query<{ present: boolean }>(exists);
    if (!rows[0]?.present) return [];
    return (await db.query<AppliedMigrationRow>(HISTORY_SQL)).rows;
  } finally {
    if (!pglite) await db.close();
  }
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string | null,
    message: string,
  ) {
    super(message);
    this.name = "MigrationFailedError";
  }
}

/**
 * Applies every pending migration in order, each in its own transaction, recording them in `_prisma_migrations`.
 * A failed migration is recorded as failed (no `finished_at`) and stops the run; later runs refuse to go on until
 * it is resolved, as `prisma migrate deploy` does.
 */
export async function applyMigrations(
  target: DatabaseTarget,
  options: { dir?: string; pglite?: PGlite } = {},
): Promise<{ applied: string[]; status: MigrationStatus }> {
  const list = await readMigrationsList(options.dir);
  const before = migrationStatus(localMigrations(list), await readAppliedRows(target, options.pglite));
  const firstFailed = before.failed[0];
  if (firstFailed) {
    throw new MigrationFailedError(
      firstFailed.name,
      `Migration ${firstFailed.name} failed earlier and blocks later migrations. ` +
        `Fix it, then mark it rolled back or reset the database.${firstFailed.logs ? `\n${firstFailed.logs}` : ""}`,
    );
  }
  if (before.pending.length === 0) return { applied: [], status: before };

  const handle = await openEngine(target, { pglite: options.pglite });
  try {
    const out = await handle.engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS });
    const status = migrationStatus(localMigrations(list), await readAppliedRows(target, options.pglite));
    return { applied: out.appliedMigrationNames, status };
  } catch (error) {
    const rows = await readAppliedRows(target, options.pglite).catch(() => []);
    const failed = migrationStatus(localMigrations(list), rows).failed[0];
    throw new MigrationFailedError(
      failed?.name ?? null,
      `Migration ${failed?.name ?? "(unknown)"} failed: ${engineErrorMessage(error)}`,
    );
  } finally {
    await handle.close();
  }
}

/**
 * Writes `prisma/migrations/<timestamp>_<name>/migration.sql` with the SQL that takes the migrations so far to the
 * current schema, computed on an in-memory shadow database. Returns null when there is nothing to migrate.
 */
export async function createMigration(
  name: string,
  options: { dir?: string; schemaPath?: string; now: Date },
): Promise<{ name: string; file: string } | null> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`Migration names use lower-case letters, digits and underscores (got "${name}").`);
  }
  const dir = options.dir ?? MIGRATIONS_DIR;
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  const schema = await readFile(schemaPath, "utf8");
  const list = await readMigrationsList(dir);
  const scratch = new PGlite("memory://");
  const handle = await openEngine(
    { kind: "pglite", dataDir: "memory://" },
    { pglite: scratch, datamodel: { path: schemaPath, content: schema } },
  );
  try {
    // `createMigration` cannot reach a shadow database through an adapter; `diff` from the migrations folder to
    // the schema can, and gives the same script.
    const out = await handle.engine.diff({
      from: list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const script = out.stdout?.trim() ?? "";
    if (!script || script === "-- This is an empty migration.") return null;
    const folder = `${timestamp(options.now)}_${name}`;
    await mkdir(path.join(dir, folder), { recursive: true });
    const file = path.join(dir, folder, "migration.sql");
    await writeFile(file, `${script}\n`);
    const lock = path.join(dir, "migration_lock.toml");
    if (!existsSync(lock)) {
      await writeFile(
        lock,
        '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
      );
    }
    return { name: folder, file };
  } finally {
    await handle.close();
    await scratch.close();
  }
}

function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}
