import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeError } from './errors.js';
import { tf } from './tf.js';
import type { Tf } from './tf.js';
import { installWasmKernelFixes, uninstallWasmKernelFixes } from './wasm-kernel-fixes.js';
import { installWebgpuKernelFixes } from './webgpu-kernel-fixes.js';
import type { WebgpuUtil } from './webgpu-kernel-fixes.js';
import type { WasmKernelFix } from './wasm-kernel-fixes.js';

/**
 * A compute backend:
 * - `wasm` (default): tfjs-backend-wasm with SIMD, one thread, plus opnas's kernel fixes.
 * - `cpu`: tfjs's plain JavaScript backend (slow; useful as an independent reference).
 * - `webgpu`: tfjs-backend-webgpu on Dawn (npm `webgpu`), any GPU with a Vulkan, Metal or D3D12
 *   driver, if the user installed both packages. Reads are asynchronous only (see
 *   {@link readsAreAsync}). Tested in opnas's CI on SwiftShader, a CPU Vulkan driver.
 * - `tensorflow`: native TensorFlow through `@tensorflow/tfjs-node-gpu` or, failing that,
 *   `@tensorflow/tfjs-node`, if the user installed one. Untested in opnas's CI.
 */
export type BackendName = 'wasm' | 'cpu' | 'webgpu' | 'tensorflow';

/** The backends {@link initRuntime} accepts. */
export const BACKEND_NAMES: readonly BackendName[] = ['wasm', 'cpu', 'webgpu', 'tensorflow'];

/**
 * Device backends (`webgpu`, `tensorflow`) keep tensors in device memory: a model runs in one
 * thread there (training does not spread it over worker threads), and opnas's models compose
 * tensor ops instead of the array loops they use on the CPU backends.
 */
export function isDeviceBackend(backend: BackendName): boolean {
  return backend === 'webgpu' || backend === 'tensorflow';
}

/**
 * Whether the running backend can only read values asynchronously: `webgpu` in Node, whose
 * synchronous read path needs a browser's OffscreenCanvas. Code that reads values mid-computation
 * (decoding) then takes its asynchronous path.
 */
export function readsAreAsync(): boolean {
  return tf.getBackend() === 'webgpu';
}

/** The GPU a `webgpu` runtime runs on, as Dawn reports it. */
export interface WebGpuAdapter {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
}

/** Options of {@link initRuntime}. */
export interface RuntimeOptions {
  /** Which backend to run. Default: the `OPNAS_BACKEND` environment variable, else `'wasm'`. */
  readonly backend?: BackendName;
  /** wasm only: load the SIMD binary. Default `true`. Fixed by the first wasm initialisation. */
  readonly simd?: boolean;
  /**
   * wasm only: which replacement kernels to register (see `installWasmKernelFixes`). Default
   * `true` (all); `false` or a subset exist to measure the stock kernels.
   */
  readonly kernelFixes?: boolean | readonly WasmKernelFix[];
  /** Environment to read `OPNAS_BACKEND` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The initialised runtime: the tfjs namespace and what backs it. */
export interface Runtime {
  readonly tf: Tf;
  readonly backend: BackendName;
  /** For `wasm`: whether the SIMD binary runs. */
  readonly simd: boolean;
  /** For `tensorflow`: the package that provided it. */
  readonly nativePackage?: string;
  /** For `webgpu`: the adapter Dawn chose. */
  readonly adapter?: WebGpuAdapter;
}

let current: Runtime | undefined;
let wasmSimd: boolean | undefined;

// This module's location, to find the wasm binaries of the installed backend package: the CJS
// build has __filename (its import.meta is empty, hence tsup's warning), the ESM build import.meta.
const here = typeof __filename === 'string' ? __filename : import.meta.url;

function resolveBackendName(options: RuntimeOptions): BackendName {
  if (options.backend !== undefined) {
    if (!BACKEND_NAMES.includes(options.backend)) {
      throw new RuntimeError(`@opnas/runtime: backend must be one of ${BACKEND_NAMES.join(', ')}, got '${String(options.backend)}'`);
    }
    return options.backend;
  }
  const fromEnv = (options.env ?? process.env)['OPNAS_BACKEND'];
  if (fromEnv === undefined || fromEnv === '') return 'wasm';
  if (!(BACKEND_NAMES as readonly string[]).includes(fromEnv)) {
    throw new RuntimeError(`@opnas/runtime: OPNAS_BACKEND must be one of ${BACKEND_NAMES.join(', ')}, got '${fromEnv}'`);
  }
  return fromEnv as BackendName;
}

async function setBackendOrThrow(name: string, detail: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new RuntimeError(`@opnas/runtime: backend '${name}' failed to initialise: ${(error as Error).message}${detail}`, { cause: error });
  }
  // tfjs reports a failed initialisation by returning false (after a console warning).
  if (!ok || tf.getBackend() !== name) {
    throw new RuntimeError(`@opnas/runtime: backend '${name}' failed to initialise${detail}`);
  }
}

async function initWasm(options: RuntimeOptions): Promise<boolean> {
  const simd = options.simd ?? true;
  if (wasmSimd !== undefined && wasmSimd !== simd) {
    throw new RuntimeError(`@opnas/runtime: the wasm backend is already running ${wasmSimd ? 'with' : 'without'} SIMD; simd=${simd} needs a new process`);
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (wasmSimd === undefined) {
    const dist = join(dirname(createRequire(here).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    const binary = join(dist, simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm');
    if (!existsSync(binary)) {
      throw new RuntimeError(`@opnas/runtime: backend 'wasm' needs ${binary}, which is missing; reinstall @tensorflow/tfjs-backend-wasm`);
    }
    wasm.setWasmPaths(`${dist}/`);
    // One thread per process: parallelism comes from separate workers, and the threaded build
    // needs browser workers.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    tf.env().set('WASM_HAS_SIMD_SUPPORT', simd);
  }
  await setBackendOrThrow('wasm', simd ? ' (SIMD binary)' : '');
  wasmSimd = simd;
  const fixes = options.kernelFixes ?? true;
  if (fixes === true) installWasmKernelFixes();
  else if (fixes === false) uninstallWasmKernelFixes();
  else installWasmKernelFixes(fixes);
  return simd;
}

const CRASH_EVENTS: readonly string[] = ['uncaughtException', 'unhandledRejection'];

/**
 * Runs `start` and then removes the `uncaughtException` / `unhandledRejection` listeners it
 * added. The wasm backend's emscripten module adds two that rethrow from inside the handler,
 * so an uncaught error ends the process with exit code 7 instead of Node's 1, and they stay
 * on the process after the backend is set up; removing them restores Node's behaviour and the
 * user's own handlers (emscripten needs them only for its `exit()`, which tfjs never calls).
 */
async function keepingProcessHandlers(start: () => Promise<void>): Promise<void> {
  const listeners = (event: string) => process.listeners(event as 'exit') as ((...args: unknown[]) => void)[];
  const before = new Map(CRASH_EVENTS.map((event) => [event, new Set(listeners(event))]));
  try {
    await start();
  } finally {
    for (const event of CRASH_EVENTS) {
      for (const listener of listeners(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
  }
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

/** Where an optional package resolves: from the user's project first, then from this package. */
function resolveOptional(name: string): string | undefined {
  for (const req of [createRequire(join(process.cwd(), 'package.json')), createRequire(here)]) {
    try {
      return req.resolve(name);
    } catch (error) {
      if (!isModuleNotFound(error)) throw error;
    }
  }
  return undefined;
}

/** Native bindings, looked up from the user's project first, then from this package. */
async function loadNativeBindings(): Promise<string> {
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    const resolved = resolveOptional(name);
    if (resolved === undefined) continue;
    try {
      await import(pathToFileURL(resolved).href);
    } catch (error) {
      throw new RuntimeError(`@opnas/runtime: ${name} is installed but failed to load: ${(error as Error).message}`, { cause: error });
    }
    if (tf.findBackendFactory('tensorflow') === null) {
      throw new RuntimeError(
        `@opnas/runtime: ${name} loaded but registered its backend with another copy of @tensorflow/tfjs-core; install ${name}@${tf.version_core} so that one copy is shared`,
      );
    }
    return name;
  }
  throw new RuntimeError(
    `@opnas/runtime: backend 'tensorflow' needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node, and neither is installed; install one with \`npm install @tensorflow/tfjs-node@${tf.version_core}\` (or @tensorflow/tfjs-node-gpu@${tf.version_core} for CUDA)`,
  );
}

const WEBGPU_INSTALL = `npm install webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@${tf.version_core}`;
const SWIFTSHADER_HINT =
  'for a software GPU (slow; for testing) on Debian or Ubuntu: `apt-get install chromium-common`, then run with LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json';

/** Whether the Vulkan loader that Dawn opens on Linux can be found (Linux only; else true). */
function vulkanLoaderFound(env: Readonly<Record<string, string | undefined>>): boolean {
  if (process.platform !== 'linux') return true;
  const dirs = [
    ...(env['LD_LIBRARY_PATH'] ?? '').split(delimiter).filter((d) => d !== ''),
    '/lib',
    '/usr/lib',
    '/lib64',
    '/usr/lib64',
    `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    `/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`,
    '/usr/local/lib',
  ];
  return dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}

interface DawnModule {
  create(flags: string[]): { requestAdapter(options?: object): Promise<{ info: WebGpuAdapter } | null> };
  globals: Record<string, unknown>;
}

let webgpuAdapter: WebGpuAdapter | undefined;

/**
 * Dawn's WebGPU as `navigator.gpu` (with its `GPU*` constants on `globalThis`), then
 * tfjs-backend-webgpu. Each missing piece is an error that says how to get it.
 */
async function initWebgpu(env: Readonly<Record<string, string | undefined>>): Promise<WebGpuAdapter> {
  if (webgpuAdapter === undefined) {
    const dawnPath = resolveOptional('webgpu');
    const backendPath = resolveOptional('@tensorflow/tfjs-backend-webgpu');
    const missing = [dawnPath === undefined ? 'webgpu (Dawn for Node)' : null, backendPath === undefined ? `@tensorflow/tfjs-backend-webgpu@${tf.version_core}` : null].filter(
      (m) => m !== null,
    );
    if (missing.length > 0) {
      throw new RuntimeError(
        `@opnas/runtime: backend 'webgpu' needs the npm package${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}, not installed; install with \`${WEBGPU_INSTALL}\` (pnpm: also list \`webgpu: false\` under allowBuilds)`,
      );
    }
    let dawn: DawnModule;
    try {
      dawn = (await import(pathToFileURL(dawnPath!).href)) as DawnModule;
    } catch (error) {
      throw new RuntimeError(`@opnas/runtime: the webgpu package is installed but Dawn failed to load (${process.platform}-${process.arch}): ${(error as Error).message}`, {
        cause: error,
      });
    }
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) {
      const reason = vulkanLoaderFound(env)
        ? 'Dawn found no WebGPU adapter: no GPU with a working Vulkan (Linux), Metal (macOS) or D3D12 (Windows) driver; check the GPU driver (Linux: `vulkaninfo --summary` lists the devices Vulkan sees)'
        : "Dawn found no WebGPU adapter because the Vulkan loader libvulkan.so.1 is missing; install it and your GPU vendor's Vulkan driver (Debian/Ubuntu: `apt-get install libvulkan1 mesa-vulkan-drivers`, or NVIDIA's driver package)";
      throw new RuntimeError(`@opnas/runtime: backend 'webgpu': ${reason}; ${SWIFTSHADER_HINT}`);
    }
    webgpuAdapter = { vendor: adapter.info.vendor, architecture: adapter.info.architecture, device: adapter.info.device, description: adapter.info.description };
    Object.assign(globalThis, dawn.globals);
    const nav = (globalThis as { navigator?: object }).navigator;
    // Node 21+ has a navigator object; Node 20 has none.
    if (nav === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    else Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
    let webgpuBackend: { webgpu_util: WebgpuUtil };
    try {
      webgpuBackend = (await import(pathToFileURL(backendPath!).href)) as { webgpu_util: WebgpuUtil };
    } catch (error) {
      throw new RuntimeError(`@opnas/runtime: @tensorflow/tfjs-backend-webgpu failed to load: ${(error as Error).message}`, { cause: error });
    }
    if (tf.findBackendFactory('webgpu') === null) {
      throw new RuntimeError(
        `@opnas/runtime: @tensorflow/tfjs-backend-webgpu loaded but registered its backend with another copy of @tensorflow/tfjs-core; install @tensorflow/tfjs-backend-webgpu@${tf.version_core} so that one copy is shared`,
      );
    }
    installWebgpuKernelFixes(webgpuBackend.webgpu_util);
  }
  await setBackendOrThrow('webgpu', ` (adapter ${webgpuAdapter.vendor} / ${webgpuAdapter.architecture})`);
  return webgpuAdapter;
}

/**
 * Selects and initialises the compute backend. Call once before building models; calling
 * again switches backends. A backend that fails to initialise is an error: there is no silent
 * fallback to another backend.
 *
 * Initialising never changes how the process handles a crash: listeners the backends add for
 * `uncaughtException` / `unhandledRejection` (emscripten's, from the wasm backend) are removed.
 *
 * @throws {RuntimeError} for an unknown backend name, a missing wasm binary, native bindings or
 *   webgpu packages that are not installed, no GPU adapter, or any initialisation failure.
 */
export async function initRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const backend = resolveBackendName(options);
  let runtime: Runtime | undefined;
  await keepingProcessHandlers(async () => {
    if (backend === 'wasm') {
      runtime = { tf, backend, simd: await initWasm(options) };
    } else if (backend === 'cpu') {
      await setBackendOrThrow('cpu', '');
      // The cpu backend prints a "use tfjs-node" banner on first use; opnas chose cpu deliberately.
      (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
      runtime = { tf, backend, simd: false };
    } else if (backend === 'webgpu') {
      runtime = { tf, backend, simd: false, adapter: await initWebgpu(options.env ?? process.env) };
    } else {
      const nativePackage = await loadNativeBindings();
      await setBackendOrThrow('tensorflow', ` (from ${nativePackage})`);
      runtime = { tf, backend, simd: false, nativePackage };
    }
  });
  current = runtime!;
  return runtime!;
}

/** The runtime set up by the last {@link initRuntime}, or `undefined` before the first call. */
export function currentRuntime(): Runtime | undefined {
  return current;
}
