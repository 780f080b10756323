import "server-only";

import { createHash } from "node:crypto";

/** A migration folder on disk: `prisma/migrations/<name>/migration.sql`. */
export interface LocalMigration {
  name: string;
  checksum: string;
}

/** A row of `_prisma_migrations`, as `prisma migrate deploy` writes it. */
export interface AppliedMigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Started and not finished (nor rolled back): later migrations must not run until it is resolved. */
  failed: { name: string; logs: string | null }[];
  /** Applied, but the file on disk has changed since. */
  modified: string[];
  /** Recorded in the database but absent from the folder (a migration from another branch or a deleted file). */
  missingLocally: string[];
  upToDate: boolean;
}

/** SHA-256 hex of a migration file, as Prisma stores it in `_prisma_migrations.checksum`. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/**
 * Compares the migrations folder with the database's history. Rolled-back rows are ignored, as Prisma does, so a
 * failed migration that was marked rolled back and fixed becomes pending again.
 */
export function migrationStatus(local: readonly LocalMigration[], rows: readonly AppliedMigrationRow[]): MigrationStatus {
  const live = rows.filter((r) => r.rolled_back_at === null);
  const finished = new Map<string, AppliedMigrationRow>();
  const failed: MigrationStatus["failed"] = [];
  for (const row of live) {
    if (row.finished_at) finished.set(row.migration_name, row);
    else failed.push({ name: row.migration_name, logs: row.logs });
  }
  const localNames = new Set(local.map((m) => m.name));
  const failedNames = new Set(failed.map((f) => f.name));
  const applied: string[] = [];
  const pending: string[] = [];
  const modified: string[] = [];
  for (const m of [...local].sort((a, b) => a.name.localeCompare(b.name))) {
    const row = finished.get(m.name);
    if (row) {
      applied.push(m.name);
      if (row.checksum !== m.checksum) modified.push(m.name);
    } else if (!failedNames.has(m.name)) {
      pending.push(m.name);
    }
  }
  const missingLocally = [...finished.keys()].filter((n) => !localNames.has(n)).sort();
  return {
    applied,
    pending,
    failed,
    modified,
    missingLocally,
    upToDate: pending.length === 0 && failed.length === 0 && modified.length === 0 && missingLocally.length === 0,
  };
}

/** One paragraph a person can act on. */
export function describeStatus(status: MigrationStatus): string {
  const lines: string[] = [];
  lines.push(`${status.applied.length} applied, ${status.pending.length} pending, ${status.failed.length} failed.`);
  for (const f of status.failed) {
    lines.push(
      `Migration ${f.name} failed${f.logs ? `: ${f.logs.trim().split("\n")[0]}` : ""}. ` +
        "Fix it, then mark it rolled back (or reset the database) before applying later migrations.",
    );
  }
  for (const n of status.modified) lines.push(`Migration ${n} was edited after it was applied.`);
  for (const n of status.missingLocally) lines.push(`Migration ${n} is in the database but not in prisma/migrations.`);
  for (const n of status.pending) lines.push(`Pending: ${n}`);
  if (status.upToDate) lines.push("The database is up to date.");
  return lines.join("\n");
}
