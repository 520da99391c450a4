import { describe, expect, it } from 'vitest';
import { PAPER_ADAM, adamUpdate } from './adam.js';
import { createSharedMemoryKernels, sharedWasmMemory } from './shared-memory-kernels.js';
import type { WasmMemory } from './shared-memory-kernels.js';

function buffers(memory: WasmMemory, n: number, offset: number) {
  const view = (k: number) => new Float32Array(memory.buffer, offset + k * Math.ceil((n * 4) / 16) * 16, n);
  return { params: view(0), m: view(1), v: view(2), g0: view(3), g1: view(4) };
}

describe('createSharedMemoryKernels: adam (WebAssembly SIMD)', () => {
  it('gives the same bits as adamUpdate, one or two gradients, any range, tails included', () => {
    const n = 1003; // not a multiple of 4: a scalar tail
    const memory = sharedWasmMemory(2);
    const kernel = createSharedMemoryKernels(memory);
    expect(kernel).not.toBeNull();
    const a = buffers(memory, n, 0);
    const plain = { params: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
    for (let i = 0; i < n; i++) {
      a.params[i] = plain.params[i] = Math.cos(i) * 2;
      a.g0[i] = Math.sin(i * 1.3) * 10 ** ((i % 7) - 4);
      a.g1[i] = Math.cos(i * 0.7) * 1e-2;
    }
    const grads2 = [a.g0.slice(), a.g1.slice()];
    for (let step = 1; step <= 4; step++) {
      const twoGrads = step % 2 === 0;
      const grads = twoGrads ? [a.g0, a.g1] : [a.g0];
      // The kernel over two slices (as two workers), the plain loop over the whole range.
      kernel!.adam({ params: a.params, m: a.m, v: a.v, grads }, step, 1e-3, PAPER_ADAM, 0, 512);
      kernel!.adam({ params: a.params, m: a.m, v: a.v, grads }, step, 1e-3, PAPER_ADAM, 512, n);
      adamUpdate({ ...plain, grads: twoGrads ? grads2 : [grads2[0]!] }, step, 1e-3, PAPER_ADAM);
      expect(a.params).toEqual(plain.params);
      expect(a.m).toEqual(plain.m);
      expect(a.v).toEqual(plain.v);
    }
    // It really moved the parameters.
    expect(a.params[10]).not.toBe(Math.fround(Math.cos(10) * 2));
  });

  it('falls back to the plain loop for buffers outside its memory', () => {
    const memory = sharedWasmMemory(1);
    const kernel = createSharedMemoryKernels(memory)!;
    const outside = { params: Float32Array.of(1, 2, 3, 4, 5), m: new Float32Array(5), v: new Float32Array(5), grads: [Float32Array.of(1, -1, 1, -1, 1)] };
    const plain = { params: outside.params.slice(), m: new Float32Array(5), v: new Float32Array(5), grads: [outside.grads[0]!.slice()] };
    kernel.adam(outside, 1, 1e-3, PAPER_ADAM, 0, 5);
    adamUpdate(plain, 1, 1e-3, PAPER_ADAM);
    expect(outside.params).toEqual(plain.params);
  });
});

describe('createSharedMemoryKernels: firstNonFinite', () => {
  it('finds the first NaN or ±∞ wherever it is, and −1 when there is none', () => {
    const memory = sharedWasmMemory(1);
    const kernels = createSharedMemoryKernels(memory)!;
    const values = new Float32Array(memory.buffer, 32, 103);
    values.fill(1.5);
    expect(kernels.firstNonFinite(values)).toBe(-1);
    for (const [at, bad] of [
      [0, Number.NaN],
      [6, Number.POSITIVE_INFINITY],
      [57, Number.NEGATIVE_INFINITY],
      [101, Number.NaN],
      [102, Number.NaN],
    ] as const) {
      values.fill(-3.25e38); // large but finite
      values[at] = bad;
      values[at + 1 < values.length ? at + 1 : at] = bad;
      expect(kernels.firstNonFinite(values)).toBe(at);
    }
    // Outside the memory: the plain loop.
    expect(kernels.firstNonFinite(Float32Array.of(1, 2, Number.NaN))).toBe(2);
  });
});
