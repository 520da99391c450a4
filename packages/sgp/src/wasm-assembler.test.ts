import { describe, expect, it } from 'vitest';
import { FunctionBuilder, I32, assembleModule, sleb, uleb } from './wasm-assembler.js';
import { compileWasm, instantiateWasm, sharedWasmMemory } from './wasm-runtime.js';

describe('wasm-assembler', () => {
  it('encodes LEB128 as the WebAssembly spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

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
    const memory = sharedWasmMemory(1, 2);
    const exports = instantiateWasm(compileWasm(assembleModule([f], 2)), memory) as { fill(ptr: number, count: number): void };
    exports.fill(64, 5);
    expect(Array.from(new Float64Array(memory.buffer, 64, 6))).toEqual([0, 1, 2, 3, 4, 0]);
  });
});
