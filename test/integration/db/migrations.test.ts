import { mkdtemp, cp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterEach, describe, expect, test } from "vitest";

import { applyMigrations, MigrationFailedError, MIGRATIONS_DIR, readAppliedRows } from "@/lib/db/migrate/migrations";
import { migrationChecksum } from "@/lib/db/migrate/status";
import { readFile } from "node:fs/promises";

import { dbKind, emptyDatabase, type TestDatabase } from "../../helpers/db";

let current: TestDatabase | undefined;
afterEach(async () => {
  await current?.drop();
  current = undefined;
});

async function copyMigrations(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe(`migrations on ${dbKind}`, () => {
  test("apply from empty, record checksums as Prisma does, and are idempotent", async () => {
    current = await emptyDatabase();
    const first = await applyMigrations(current.target, { pglite: current.pglite });
    expect(first.applied.length).toBeGreaterThan(0);
    expect(first.status.upToDate).toBe(true);

    const rows = await readAppliedRows(current.target, current.pglite);
    const initName = first.applied[0]!;
    const sql = await readFile(path.join(MIGRATIONS_DIR, initName, "migration.sql"), "utf8");
    expect(rows.find((r) => r.migration_name === initName)?.checksum).toBe(migrationChecksum(sql));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);

    const tables = await current.sql<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(["User", "CardState", "ReviewLog"]));

    const again = await applyMigrations(current.target, { pglite: current.pglite });
    expect(again.applied).toEqual([]);
  });

  test("a script with $$ bodies and semicolons in strings runs whole", async () => {
    current = await emptyDatabase();
    const dir = await copyMigrations({
      "29990101000000_function": `CREATE FUNCTION add_one(i integer) RETURNS integer AS $$ BEGIN RETURN i + 1; END; $$ LANGUAGE plpgsql;\nCREATE TABLE "Note" (body text DEFAULT 'a; b');\n`,
    });
    await applyMigrations(current.target, { pglite: current.pglite, dir });
    const rows = await current.sql<{ v: number }>("SELECT add_one(41) AS v");
    expect(rows[0]?.v).toBe(42);
  });

  test("a failed migration is reported as failed, rolled back, and blocks the next one", async () => {
    current = await emptyDatabase();
    const dir = await copyMigrations({
      "29990101000000_broken": `CREATE TABLE "Half" (id int);\nSELECT * FROM table_that_does_not_exist;\n`,
      "29990102000000_after": `CREATE TABLE "After" (id int);\n`,
    });
    const run = applyMigrations(current.target, { pglite: current.pglite, dir });
    await expect(run).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(run).rejects.toThrow(/29990101000000_broken failed/);

    const rows = await readAppliedRows(current.target, current.pglite);
    const broken = rows.find((r) => r.migration_name === "29990101000000_broken");
    expect(broken).toBeDefined();
    expect(broken?.finished_at).toBeNull();
    expect(rows.some((r) => r.migration_name === "29990102000000_after")).toBe(false);
    const after = await current.sql<{ present: boolean }>("SELECT to_regclass('\"After\"') IS NOT NULL AS present");
    expect(after[0]?.present).toBe(false);

    // The next run refuses to continue past the failure.
    await expect(applyMigrations(current.target, { pglite: current.pglite, dir })).rejects.toThrow(
      /failed earlier and blocks later migrations/,
    );
  });
});
