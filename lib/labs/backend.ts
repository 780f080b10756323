/**
 * Picking the TensorFlow.js backend in the browser: WebGPU, then WebGL, then WASM, then CPU, whichever
 * initialises first, or the one a `?backend=` parameter names. The WASM and WebGPU backends are imported
 * here on demand, so only a page that runs a lab downloads them.
 */
import type { Tf } from "./experiments";
import { BACKEND_NAMES, type BackendName, backendNameSchema } from "./worker-protocol";

export { BACKEND_NAMES, type BackendName };

/** Where the app serves the WASM backend's `.wasm` files (copied from `@tensorflow/tfjs-backend-wasm/dist`). */
export const WASM_PATH = "/tfjs/";

/** Reads a `?backend=` value; anything that is not a backend name gives null (automatic choice). */
export function parseBackendParam(value: string | null | undefined): BackendName | null {
  const parsed = backendNameSchema.safeParse(value?.trim().toLowerCase());
  return parsed.success ? parsed.data : null;
}

/**
 * Renderer names of GPUs emulated on the CPU. Training on them is many times slower than WASM (a 20-layer
 * MLP step: WASM 10-20 ms, WebGL on SwiftShader 37-70 ms, WebGPU on SwiftShader 520-760 ms), so the
 * automatic choice skips them; an explicit `?backend=` still uses them.
 */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;

/** True when a GPU's renderer or adapter description names a software rasteriser. */
export function isSoftwareRenderer(description: string): boolean {
  return SOFTWARE_RENDERER.test(description);
}

export interface ChooseBackendOptions {
  /** Tried first, and used even on a software GPU; the others follow in the usual order if it fails. */
  readonly preferred?: BackendName | null;
  /** Where the `.wasm` files are served; null leaves the backend's default (right for Node). */
  readonly wasmPath?: string | null;
}

/**
 * Initialises the first backend that works and returns its name. Throws only when none does (the CPU
 * backend always should).
 */
export async function chooseBackend(tf: Tf, options: ChooseBackendOptions = {}): Promise<BackendName> {
  const preferred = options.preferred ?? null;
  const order = preferred ? [preferred, ...BACKEND_NAMES.filter((b) => b !== preferred)] : [...BACKEND_NAMES];
  const wasmPath = options.wasmPath === undefined ? WASM_PATH : options.wasmPath;
  for (const name of order) {
    if (name !== preferred && (await isSoftwareGpu(name))) continue;
    if (await tryBackend(tf, name, wasmPath)) return name;
  }
  throw new Error(`none of the TensorFlow.js backends (${order.join(", ")}) could be initialised`);
}

async function tryBackend(tf: Tf, name: BackendName, wasmPath: string | null): Promise<boolean> {
  try {
    if (name === "webgpu") {
      if (!gpuOf(globalThis.navigator)) return false;
      await import("@tensorflow/tfjs-backend-webgpu");
    } else if (name === "wasm") {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      if (wasmPath !== null) wasm.setWasmPaths(wasmPath);
    } else if (name === "webgl" && !canCreateWebGl()) {
      return false;
    }
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

// The WebGPU types are not in TypeScript's DOM library; this is the little of them used here.
interface GpuAdapterInfo {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuAdapter {
  readonly info?: GpuAdapterInfo;
  readonly isFallbackAdapter?: boolean;
}
interface Gpu {
  requestAdapter(): Promise<GpuAdapter | null>;
}

function gpuOf(navigator: Navigator | undefined): Gpu | null {
  const gpu: unknown = navigator && "gpu" in navigator ? navigator.gpu : null;
  return gpu && typeof gpu === "object" && "requestAdapter" in gpu ? (gpu as Gpu) : null;
}

async function isSoftwareGpu(name: BackendName): Promise<boolean> {
  try {
    if (name === "webgpu") {
      const adapter = await gpuOf(globalThis.navigator)?.requestAdapter();
      if (!adapter) return false;
      const info = adapter.info ?? {};
      if (adapter.isFallbackAdapter || info.isFallbackAdapter) return true;
      return isSoftwareRenderer([info.vendor, info.architecture, info.device, info.description].join(" "));
    }
    if (name === "webgl") {
      const renderer = webGlRenderer();
      return renderer !== null && isSoftwareRenderer(renderer);
    }
  } catch {
    // A probe that throws says nothing about the GPU; let initialisation decide.
  }
  return false;
}

function makeGlContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (typeof OffscreenCanvas !== "undefined") {
    const canvas = new OffscreenCanvas(1, 1);
    return canvas.getContext("webgl2") ?? canvas.getContext("webgl");
  }
  if (typeof document !== "undefined") {
    const canvas = document.createElement("canvas");
    return canvas.getContext("webgl2") ?? canvas.getContext("webgl");
  }
  return null;
}

function canCreateWebGl(): boolean {
  try {
    const gl = makeGlContext();
    gl?.getExtension("WEBGL_lose_context")?.loseContext();
    return gl !== null;
  } catch {
    return false;
  }
}

function webGlRenderer(): string | null {
  const gl = makeGlContext();
  if (!gl) return null;
  try {
    const debug = gl.getExtension("WEBGL_debug_renderer_info");
    const renderer: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return typeof renderer === "string" ? renderer : null;
  } finally {
    gl.getExtension("WEBGL_lose_context")?.loseContext();
  }
}
