import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeError } from './errors.js';
import { tf } from './tf.js';
import type { Tf } from './tf.js';
import { installWasmKernelFixes, uninstallWasmKernelFixes } from './wasm-kernel-fixes.js';
import type { WasmKernelFix } from './wasm-kernel-fixes.js';

/**
 * A compute backend:
 * - `wasm` (default): tfjs-backend-wasm with SIMD, one thread, plus opnas's kernel fixes.
 * - `cpu`: tfjs's plain JavaScript backend (slow; useful as an independent reference).
 * - `tensorflow`: native TensorFlow through `@tensorflow/tfjs-node-gpu` or, failing that,
 *   `@tensorflow/tfjs-node`, if the user installed one. Untested in opnas's CI.
 */
export type BackendName = 'wasm' | 'cpu' | 'tensorflow';

/** The backends {@link initRuntime} accepts. */
export const BACKEND_NAMES: readonly BackendName[] = ['wasm', 'cpu', 'tensorflow'];

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

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

/** Native bindings, looked up from the user's project first, then from this package. */
async function loadNativeBindings(): Promise<string> {
  const requires = [createRequire(join(process.cwd(), 'package.json')), createRequire(here)];
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    let resolved: string | undefined;
    for (const req of requires) {
      try {
        resolved = req.resolve(name);
        break;
      } catch (error) {
        if (!isModuleNotFound(error)) throw error;
      }
    }
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

/**
 * Selects and initialises the compute backend. Call once before building models; calling
 * again switches backends. A backend that fails to initialise is an error: there is no silent
 * fallback to another backend.
 *
 * @throws {RuntimeError} for an unknown backend name, a missing wasm binary, native bindings
 *   that are not installed, or any initialisation failure.
 */
export async function initRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const backend = resolveBackendName(options);
  let runtime: Runtime;
  if (backend === 'wasm') {
    runtime = { tf, backend, simd: await initWasm(options) };
  } else if (backend === 'cpu') {
    await setBackendOrThrow('cpu', '');
    // The cpu backend prints a "use tfjs-node" banner on first use; opnas chose cpu deliberately.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    runtime = { tf, backend, simd: false };
  } else {
    const nativePackage = await loadNativeBindings();
    await setBackendOrThrow('tensorflow', ` (from ${nativePackage})`);
    runtime = { tf, backend, simd: false, nativePackage };
  }
  current = runtime;
  return runtime;
}

/** The runtime set up by the last {@link initRuntime}, or `undefined` before the first call. */
export function currentRuntime(): Runtime | undefined {
  return current;
}
