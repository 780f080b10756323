import "server-only";

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";

import { openPglite } from "../pglite";
import type { DatabaseTarget } from "../target";

export type SchemaEngine = engineBindings.SchemaEngine;

let wasmReady: Promise<void> | undefined;

/**
 * Instantiates the schema engine's WebAssembly module by hand: its package imports the `.wasm` file as an ES
 * module, which Node 20 cannot load without a flag.
 */
function loadEngineWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": engineBindings });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

interface ErrorMapping {
  onError(error: unknown): never;
}

/**
 * Runs a whole migration script as one call, so `$$` bodies and semicolons inside strings survive and a failure
 * rejects. (adapter-pg splits scripts on `;`; pglite-prisma-adapter 0.7.2 does not await `exec()`, which would
 * record a failed migration as applied.)
 */
function withWholeScripts(adapter: SqlDriverAdapter, run: (script: string) => Promise<unknown>): SqlDriverAdapter {
  const mapper = adapter as unknown as ErrorMapping;
  adapter.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (error) {
      mapper.onError(error);
    }
  };
  return adapter;
}

/** A PGlite database for the engine; the shadow database is a fresh in-memory one. */
export function pgliteEngineFactory(client: PGlite): SqlMigrationAwareDriverAdapterFactory {
  const inner = new PrismaPGlite(client);
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withWholeScripts(await inner.connect(), (script) => client.exec(script)),
    connectToShadowDb: async () => {
      const shadow = new PGlite("memory://");
      const adapter = withWholeScripts(await new PrismaPGlite(shadow).connect(), (script) => shadow.exec(script));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await shadow.close();
      };
      return adapter;
    },
  };
}

/**
 * A PostgreSQL server for the engine, through adapter-pg with one pool it owns; `end` closes the pool's
 * connections (freeing the engine does not, and an idle connection would hold the database for pg's 10 s idle
 * timeout, so that dropping it right after a migration waits).
 */
export function postgresEngineFactory(url: string): SqlMigrationAwareDriverAdapterFactory & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const inner = new PrismaPg(pool, { disposeExternalPool: true });
  return {
    end: () => pool.end(),
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => withWholeScripts(await inner.connect(), (script) => pool.query(script)),
    connectToShadowDb: async () => {
      const shadowPool = new PGlite("memory://");
      const adapter = withWholeScripts(
        await new PrismaPGlite(shadowPool).connect(),
        (script) => shadowPool.exec(script),
      );
      return adapter;
    },
  };
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** Messages the engine logged, newest last (kept for error reports). */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the WebAssembly schema engine over a database target. */
export async function openEngine(
  target: DatabaseTarget,
  options: { pglite?: PGlite; datamodel?: { path: string; content: string } } = {},
): Promise<EngineHandle> {
  await loadEngineWasm();
  let ownedPglite: PGlite | undefined;
  let ownedPool: { end(): Promise<void> } | undefined;
  let factory: SqlMigrationAwareDriverAdapterFactory;
  if (target.kind === "pglite") {
    const client = options.pglite ?? (ownedPglite = openPglite(target.dataDir));
    factory = pgliteEngineFactory(client);
  } else {
    factory = ownedPool = postgresEngineFactory(target.url);
  }
  const logs: string[] = [];
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: options.datamodel ? [[options.datamodel.path, options.datamodel.content]] : undefined },
    (message: string) => {
      logs.push(message);
    },
    bound,
  );
  return {
    engine,
    logs,
    async close() {
      engine.free();
      await ownedPglite?.close();
      await ownedPool?.end();
    },
  };
}

/** Pulls the human-readable message out of an engine error (a JSON payload, or the error's registry entry). */
export function engineErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  try {
    const parsed = JSON.parse(raw) as { message?: string; meta?: { message?: string } };
    return parsed.message ?? raw;
  } catch {
    return raw;
  }
}
