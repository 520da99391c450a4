import { describe, expect, it } from 'vitest';
import { FunctionBuilder } from './function-builder.js';
import { I32 } from './value-type.js';
import { encodeModule } from './wasm-module.js';

// The WebAssembly API the tests use, typed locally (the project has no DOM typings).
interface Wasm {
  Memory: new (d: { initial: number; maximum: number; shared: true }) => { buffer: SharedArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

describe('FunctionBuilder', () => {
  it('assembles a module whose loop runs on the shared memory', () => {
    // fill(ptr, count): memory[ptr + 8i] = i for i < count
    const f = new FunctionBuilder('fill', [I32, I32]);
    const i = f.local(I32);
    f.forLoop(
      i,
      () => f.i32(0),
      () => f.get(1),
      () => f.i32(1),
      () => {
        f.get(0).get(i).i32(3).i32Shl().i32Add();
        f.get(i).f64ConvertI32S();
        f.f64Store(0);
      },
    );
    const memory = new wasm.Memory({ initial: 1, maximum: 2, shared: true });
    const { exports } = new wasm.Instance(new wasm.Module(encodeModule([f], { initial: 1, maximum: 2 })), { env: { memory } });
    (exports as { fill(ptr: number, count: number): void }).fill(64, 5);
    expect(Array.from(new Float64Array(memory.buffer, 64, 6))).toEqual([0, 1, 2, 3, 4, 0]);
  });

  it('declares each local as a group of one, numbered after the parameters', () => {
    const f = new FunctionBuilder('g', [I32]);
    expect([f.local(I32), f.local(0x7b)]).toEqual([1, 2]);
    expect(f.locals).toEqual([
      [1, 0x7f],
      [1, 0x7b],
    ]);
  });
});
