import { describe, expect, it } from 'vitest';
import { F32, I32, V128 } from './value-type.js';
import { encodeModule } from './wasm-module.js';
import { WasmWriterError } from './wasm-writer-error.js';

interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum: number; shared: true }) => { buffer: SharedArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

// Two functions, written out byte by byte from the binary-format chapter of the WebAssembly
// specification (what `wat2wasm --enable-threads` gives for the text below), independently of
// the writer:
//   (module
//     (import "env" "memory" (memory 2 300 shared))
//     (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
//     (func (export "zero") (param f32) (local i32 i32 v128)))
const handAssembled = [
  [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version
  [0x01, 0x0b, 0x02, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7d, 0x00], // type: (i32 i32)→i32, (f32)→()
  [0x02, 0x11, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x03, 0x02, 0xac, 0x02], // import env.memory, shared, 2..300
  [0x03, 0x03, 0x02, 0x00, 0x01], // function: types 0, 1
  [0x07, 0x0e, 0x02, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x04, 0x7a, 0x65, 0x72, 0x6f, 0x00, 0x01], // export "add" 0, "zero" 1
  [0x0a, 0x10, 0x02, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, 0x06, 0x02, 0x02, 0x7f, 0x01, 0x7b, 0x0b], // code
].flat();

describe('encodeModule', () => {
  const add = { exportName: 'add', params: [I32, I32], results: [I32], locals: [], code: [0x20, 0, 0x20, 1, 0x6a] } as const;
  const zero = {
    exportName: 'zero',
    params: [F32],
    locals: [
      [2, I32],
      [1, V128],
    ],
    code: [],
  } as const;

  it('writes the bytes of a hand-assembled module', () => {
    expect(Array.from(encodeModule([add, zero], { initial: 2, maximum: 300 }))).toEqual(handAssembled);
  });

  it('writes a module the engine accepts and runs', () => {
    const bytes = encodeModule([add, zero], { initial: 2, maximum: 300 });
    expect(wasm.validate(bytes)).toBe(true);
    const memory = new wasm.Memory({ initial: 2, maximum: 300, shared: true });
    const { exports } = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
    expect((exports as { add(a: number, b: number): number }).add(40, 2)).toBe(42);
  });

  it('rejects impossible memory limits and clashing export names, naming the argument', () => {
    expect(() => encodeModule([add], { initial: 3, maximum: 2 })).toThrow('@opnas/wasm-writer: memory needs integer pages with 0 ≤ initial ≤ maximum ≤ 65536, got 3 and 2');
    const error = (() => {
      try {
        encodeModule([add, add], { initial: 1, maximum: 1 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WasmWriterError);
    expect((error as WasmWriterError).argument).toBe('functions');
  });
});
