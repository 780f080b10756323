/**
 * Reads a production build (`next build` output) to find, per app route, the JavaScript a browser loads
 * first and every chunk it can load later, and which chunks carry TensorFlow.js. Used by the bundle guard
 * (`check-bundles.ts`) and the labs benchmark.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createContext, runInContext } from "node:vm";
import { gzipSync } from "node:zlib";

/** Strings that only TensorFlow.js code contains (its flag prefix, its package names, the WASM kernel bridge). */
export const TFJS_MARKERS = ["tfjsflags", "tfjs-layers", "@tensorflow/tfjs", "wasm.tfjs."] as const;

export interface RouteBundle {
  /** The route as Next names it, e.g. `/labs/[key]/page`. */
  readonly route: string;
  /** Chunks loaded with the page (root main files plus the route's entry chunks), as `static/chunks/...`. */
  readonly initial: readonly string[];
  /** Every chunk reachable from those by the chunk references they contain (lazy imports, workers). */
  readonly reachable: readonly string[];
}

interface BuildManifest {
  readonly rootMainFiles: readonly string[];
}

interface ClientReferenceManifest {
  readonly entryJSFiles?: Readonly<Record<string, readonly string[]>>;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** The client reference manifests of every app route, by route name. */
function routeManifests(distDir: string): Map<string, ClientReferenceManifest> {
  const appDir = join(distDir, "server", "app");
  const out = new Map<string, ClientReferenceManifest>();
  for (const file of walk(appDir).filter((f) => f.endsWith("_client-reference-manifest.js"))) {
    // The file assigns `globalThis.__RSC_MANIFEST[route] = {...}`; run it in an empty context to read it.
    const context: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } = {};
    createContext(context);
    runInContext(readFileSync(file, "utf8"), context);
    for (const [route, manifest] of Object.entries(context.__RSC_MANIFEST ?? {})) out.set(route, manifest);
  }
  return out;
}

const CHUNK_REFERENCE = /static\/chunks\/[A-Za-z0-9_.~-]+\.js/g;

/** Reads a build once and answers questions about its chunks. */
export class BuildBundles {
  readonly distDir: string;
  private readonly text = new Map<string, string>();

  constructor(distDir: string) {
    if (!existsSync(join(distDir, "build-manifest.json"))) {
      throw new Error(`${distDir} holds no production build (no build-manifest.json); run \`next build\` first.`);
    }
    this.distDir = distDir;
  }

  /** A chunk's code (`static/chunks/x.js`). */
  code(chunk: string): string {
    let code = this.text.get(chunk);
    if (code === undefined) {
      const path = join(this.distDir, chunk);
      code = existsSync(path) ? readFileSync(path, "utf8") : "";
      this.text.set(chunk, code);
    }
    return code;
  }

  /** True when a chunk contains TensorFlow.js. */
  hasTfjs(chunk: string): boolean {
    const code = this.code(chunk);
    return TFJS_MARKERS.some((marker) => code.includes(marker));
  }

  /** Size in bytes of a chunk after gzip (level 9), as a server would send it. */
  gzipBytes(chunk: string): number {
    return gzipSync(this.code(chunk), { level: 9 }).length;
  }

  /** Every app route with its first-load and reachable chunks. */
  routes(): RouteBundle[] {
    const build = JSON.parse(readFileSync(join(this.distDir, "build-manifest.json"), "utf8")) as BuildManifest;
    const root = build.rootMainFiles.map(normalize);
    return [...routeManifests(this.distDir)].map(([route, manifest]) => {
      const entry = Object.values(manifest.entryJSFiles ?? {}).flat().map(normalize);
      const initial = [...new Set([...root, ...entry])];
      return { route, initial, reachable: this.closure(initial) };
    });
  }

  /** The chunks `start` refer to, transitively (including `start`). */
  closure(start: readonly string[]): string[] {
    const seen = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      const chunk = queue.pop() as string;
      if (seen.has(chunk)) continue;
      seen.add(chunk);
      for (const match of this.code(chunk).matchAll(CHUNK_REFERENCE)) {
        if (!seen.has(match[0])) queue.push(match[0]);
      }
    }
    return [...seen].sort();
  }

  /** Gzipped first-load JavaScript of a route, in bytes. */
  firstLoadBytes(route: RouteBundle): number {
    return route.initial.reduce((sum, chunk) => sum + this.gzipBytes(chunk), 0);
  }

  /** A chunk's path relative to the working directory, for messages. */
  describe(chunk: string): string {
    return relative(process.cwd(), join(this.distDir, chunk));
  }
}

function normalize(file: string): string {
  return file.replace(/^\/?_next\//, "").replace(/^\//, "");
}

/** Routes that may load TensorFlow.js: the lab pages. */
export function isLabRoute(route: string): boolean {
  return route === "/labs/[key]/page";
}
