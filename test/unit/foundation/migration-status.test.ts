import { describe, expect, test } from "vitest";

import { type AppliedMigrationRow, describeStatus, migrationChecksum, migrationStatus } from "@/lib/db/migrate/status";

const T = new Date("2026-03-01T08:00:00Z");
const row = (name: string, sql: string, over: Partial<AppliedMigrationRow> = {}): AppliedMigrationRow => ({
  migration_name: name,
  checksum: migrationChecksum(sql),
  finished_at: T,
  rolled_back_at: null,
  logs: null,
  ...over,
});
const local = (name: string, sql: string) => ({ name, checksum: migrationChecksum(sql) });

describe("migration status", () => {
  test("checksums are SHA-256 hex of the file, as Prisma stores them", () => {
    expect(migrationChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  test("an empty database has everything pending", () => {
    const s = migrationStatus([local("1_a", "A"), local("2_b", "B")], []);
    expect(s).toMatchObject({ applied: [], pending: ["1_a", "2_b"], failed: [], upToDate: false });
  });

  test("applied in full is up to date", () => {
    const s = migrationStatus([local("1_a", "A")], [row("1_a", "A")]);
    expect(s.upToDate).toBe(true);
    expect(describeStatus(s)).toContain("The database is up to date.");
  });

  test("an unfinished row is a failure that is not pending, and blocks being up to date", () => {
    const s = migrationStatus(
      [local("1_a", "A"), local("2_b", "B"), local("3_c", "C")],
      [row("1_a", "A"), row("2_b", "B", { finished_at: null, logs: "relation \"x\" does not exist" })],
    );
    expect(s.failed).toEqual([{ name: "2_b", logs: 'relation "x" does not exist' }]);
    expect(s.pending).toEqual(["3_c"]);
    expect(s.upToDate).toBe(false);
    expect(describeStatus(s)).toMatch(/Migration 2_b failed: relation "x" does not exist/);
  });

  test("a failure marked rolled back is ignored, so the migration is pending again", () => {
    const s = migrationStatus([local("1_a", "A")], [row("1_a", "A", { finished_at: null, rolled_back_at: T })]);
    expect(s.failed).toEqual([]);
    expect(s.pending).toEqual(["1_a"]);
  });

  test("edited and missing migrations are reported", () => {
    const s = migrationStatus([local("1_a", "A changed")], [row("1_a", "A"), row("0_gone", "G")]);
    expect(s.modified).toEqual(["1_a"]);
    expect(s.missingLocally).toEqual(["0_gone"]);
    expect(s.upToDate).toBe(false);
  });
});
