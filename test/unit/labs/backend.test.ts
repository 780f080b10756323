import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { chooseBackend, isSoftwareRenderer, parseBackendParam } from "@/lib/labs/backend";

import { testTf, type Tf } from "./tf-backend";

let tf: Tf;
beforeAll(async () => {
  tf = await testTf();
});
afterAll(async () => {
  await testTf();
});

describe("backend choice", () => {
  test("?backend= accepts the four names, any case, and nothing else", () => {
    expect(parseBackendParam("webgpu")).toBe("webgpu");
    expect(parseBackendParam(" WASM ")).toBe("wasm");
    expect(parseBackendParam("cpu")).toBe("cpu");
    expect(parseBackendParam("tpu")).toBeNull();
    expect(parseBackendParam("")).toBeNull();
    expect(parseBackendParam(null)).toBeNull();
  });

  test("software rasterisers are recognised by their renderer names", () => {
    expect(isSoftwareRenderer("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)")).toBe(true);
    expect(isSoftwareRenderer("llvmpipe (LLVM 15.0.7, 256 bits)")).toBe(true);
    expect(isSoftwareRenderer("Microsoft Basic Render Driver")).toBe(true);
    expect(isSoftwareRenderer("ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)")).toBe(false);
    expect(isSoftwareRenderer("Apple M2")).toBe(false);
  });

  test("an explicit choice is honoured when it initialises", async () => {
    await expect(chooseBackend(tf, { preferred: "cpu", wasmPath: null })).resolves.toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
  });

  test("without WebGPU or WebGL (as in Node) the automatic order falls through to WASM", async () => {
    await tf.setBackend("cpu");
    await expect(chooseBackend(tf, { wasmPath: null })).resolves.toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
  });

  test("an explicit backend that cannot start falls back to the usual order", async () => {
    await expect(chooseBackend(tf, { preferred: "webgl", wasmPath: null })).resolves.toBe("wasm");
  });
});
