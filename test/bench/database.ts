import { randomBytes } from "node:crypto";

import pg from "pg";

export interface BenchDatabase {
  name: string;
  url: string;
  /** Drops the database (keeps it, printing its name, when BENCH_KEEP=1: for EXPLAIN ANALYZE afterwards). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one benchmark run, on the local PostgreSQL server that BENCH_DATABASE_URL names
 * (default postgresql://postgres@127.0.0.1:5432/postgres). Only a local server is accepted: the benchmark
 * creates and drops a database there, and never writes to an existing one.
 */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const admin = new URL(process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(admin.hostname)) {
    throw new Error(
      `BENCH_DATABASE_URL must point at a local server (got ${admin.hostname}): the benchmark creates and drops a database.`,
    );
  }
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (process.env.BENCH_KEEP === "1") console.error(`kept database ${name}`);
      else await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
