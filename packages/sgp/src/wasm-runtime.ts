/**
 * The few WebAssembly APIs the kernels use, typed locally: the project compiles against
 * `lib: ES2022` without the DOM, whose typings carry the `WebAssembly` namespace, and a
 * library should not add that global to its users' type environment.
 */

/** A compiled module; opaque here, cloneable to worker threads. */
export interface WasmModule {
  readonly __wasmModule: unique symbol;
}

/** A shared linear memory. */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
}

const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export function compileWasm(bytes: Uint8Array): WasmModule {
  return new api.Module(bytes);
}

export function sharedWasmMemory(initialPages: number, maximumPages: number): WasmMemory {
  return new api.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
}

/** Instantiate a module whose only import is `env.memory`; returns its exports. */
export function instantiateWasm(module: WasmModule, memory: WasmMemory): Record<string, unknown> {
  return new api.Instance(module, { env: { memory } }).exports;
}
