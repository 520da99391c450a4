import { uleb } from './leb128.js';
import type { ValueType } from './value-type.js';
import { WasmWriterError } from './wasm-writer-error.js';

/** `count` locals of one type, declared as one entry of a function body's locals vector. */
export type LocalGroup = readonly [count: number, type: ValueType];

/** One exported function: its signature, its locals and its instructions (without the final `end`). */
export interface WasmFunction {
  readonly exportName: string;
  readonly params: readonly ValueType[];
  /** Default: none. */
  readonly results?: readonly ValueType[];
  readonly locals: readonly LocalGroup[];
  readonly code: readonly number[];
}

/** The shared linear memory every module imports as `env.memory`, in 64 KiB pages. */
export interface SharedMemoryLimits {
  readonly initial: number;
  readonly maximum: number;
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, bytes: readonly number[]): number[] {
  return [id, ...uleb(bytes.length), ...bytes];
}

function vector(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function functionBody(f: WasmFunction): number[] {
  const body = [...vector(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.code, 0x0b];
  return [...uleb(body.length), ...body];
}

/**
 * A module that imports one shared memory as `env.memory` (so worker threads run the same code on
 * the same data) and exports `functions` in order, each with a type of its own.
 */
export function encodeModule(functions: readonly WasmFunction[], memory: SharedMemoryLimits): Uint8Array {
  const { initial, maximum } = memory;
  if (!(Number.isInteger(initial) && Number.isInteger(maximum) && 0 <= initial && initial <= maximum && maximum <= 65536)) {
    throw new WasmWriterError(`@opnas/wasm-writer: memory needs integer pages with 0 ≤ initial ≤ maximum ≤ 65536, got ${initial} and ${maximum}`, 'memory');
  }
  const exportNames = new Set(functions.map((f) => f.exportName));
  if (exportNames.size !== functions.length) throw new WasmWriterError('@opnas/wasm-writer: two functions share an export name', 'functions');
  const types = functions.map((f) => [0x60, ...vector(f.params.map((p) => [p])), ...vector((f.results ?? []).map((r) => [r]))]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d], // "\0asm"
    ...[0x01, 0x00, 0x00, 0x00], // version 1
    ...section(1, vector(types)),
    // the limits flag 0x03 (a maximum, shared) is what a shared memory requires
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(initial), ...uleb(maximum)]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]))),
    ...section(10, vector(functions.map(functionBody))),
  ];
  return new Uint8Array(bytes);
}
