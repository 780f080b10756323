import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { describe, expect, test } from "vitest";

import { WASM_PATH } from "@/lib/labs/backend";

const served = join(process.cwd(), "public", WASM_PATH);
const installed = join(process.cwd(), "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");
const wasmFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".wasm")).sort();
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

// The app serves the WASM backend's binaries itself (no CDN). They must be the installed package's own:
// a binary from another version fails to instantiate or computes with a different kernel set.
describe("the served TensorFlow.js WASM binaries", () => {
  test("are every .wasm file of the installed @tensorflow/tfjs-backend-wasm", () => {
    expect(wasmFiles(installed).length).toBeGreaterThan(0);
    expect(wasmFiles(served)).toEqual(wasmFiles(installed));
  });

  test.each(wasmFiles(installed))("%s is byte for byte the installed one (after an upgrade, copy them again)", (file) => {
    expect(sha256(join(served, file))).toBe(sha256(join(installed, file)));
  });
});
