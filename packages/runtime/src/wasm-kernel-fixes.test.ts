import { beforeAll, describe, expect, it } from 'vitest';
import { gradientCheck } from './gradient-check.js';
import { initRuntime } from './runtime.js';
import { SeededInitialiser } from './seeded-initialiser.js';
import { tf } from './tf.js';
import type { Tensor } from './tf.js';
import { WASM_KERNEL_FIXES, installWasmKernelFixes, uninstallWasmKernelFixes, wasmKernelFixesInstalled } from './wasm-kernel-fixes.js';

const init = new SeededInitialiser(7);
function random(shape: number[]): Tensor {
  return tf.tensor(init.normal(shape.reduce((a, b) => a * b, 1)), shape);
}

/** Runs `f` once with the stock kernels and once with the fixes; returns both results. */
function stockAndFixed(f: () => Tensor | Tensor[]): [Float32Array[], Float32Array[], number[][]] {
  const read = (): [Float32Array[], number[][]] =>
    tf.tidy(() => {
      const out = f();
      const list = Array.isArray(out) ? out : [out];
      return [list.map((t) => t.dataSync() as Float32Array), list.map((t) => t.shape)];
    });
  uninstallWasmKernelFixes();
  let stock: Float32Array[];
  let stockShapes: number[][];
  try {
    [stock, stockShapes] = read();
  } finally {
    installWasmKernelFixes();
  }
  const [fixed, fixedShapes] = read();
  expect(fixedShapes).toEqual(stockShapes);
  return [stock, fixed, fixedShapes];
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('wasm kernel fixes', () => {
  it('are installed by initRuntime', () => {
    expect(wasmKernelFixesInstalled()).toEqual(WASM_KERNEL_FIXES);
  });

  describe('BatchMatMul equals the stock kernel', () => {
    // [m, k, n]: square-ish, a wide right operand (the weight case), a one-row left operand.
    const cases: [number, number, number][] = [
      [5, 7, 3],
      [32, 50, 150],
      [1, 9, 4],
      [40, 6, 1],
      [3, 1, 5],
    ];
    for (const [m, k, n] of cases) {
      for (const [ta, tb] of [
        [false, true],
        [true, false],
        [true, true],
        [false, false],
      ] as const) {
        it(`m=${m} k=${k} n=${n} transposeA=${ta} transposeB=${tb}`, () => {
          const a = random(ta ? [k, m] : [m, k]);
          const b = random(tb ? [n, k] : [k, n]);
          const [[stock], [fixed]] = stockAndFixed(() => tf.matMul(a, b, ta, tb));
          // Different summation orders (XNNPACK versus a blocked loop): float32 rounding only.
          expect(maxAbsDiff(stock!, fixed!)).toBeLessThan(1e-5 * Math.sqrt(k) * 4);
          tf.dispose([a, b]);
        });
      }
    }

    it('keeps leading unit batch dimensions and passes real batches to the stock kernel', () => {
      const a = random([1, 6, 4]);
      const b = random([1, 5, 4]);
      const [[s1], [f1], shapes1] = stockAndFixed(() => tf.matMul(a, b, false, true));
      expect(shapes1[0]).toEqual([1, 6, 5]);
      expect(maxAbsDiff(s1!, f1!)).toBeLessThan(1e-5);
      const c = random([3, 4, 6]);
      const d = random([3, 5, 6]);
      const [[s2], [f2]] = stockAndFixed(() => tf.matMul(c, d, false, true));
      expect(maxAbsDiff(s2!, f2!)).toBe(0);
      tf.dispose([a, b, c, d]);
    });

    it('rejects mismatched inner dimensions naming the shapes', () => {
      const a = random([3, 4]);
      const b = random([5, 3]);
      expect(() => tf.matMul(a, b, false, true)).toThrow(/inner dimensions|inner shapes/);
      tf.dispose([a, b]);
    });
  });

  describe('Slice, SplitV and Unpack equal the stock kernels', () => {
    it('slices of every rank, contiguous or not', () => {
      const x1 = random([17]);
      const x2 = random([9, 11]);
      const x3 = random([4, 5, 6]);
      const x5 = random([2, 3, 2, 4, 3]);
      const [stock, fixed] = stockAndFixed(() => [
        tf.slice(x1, [3], [9]),
        tf.slice(x2, [2, 0], [4, 11]),
        tf.slice(x2, [1, 3], [5, 7]),
        tf.slice(x3, [1, 2, 1], [2, 3, 4]),
        tf.slice(x3, [0, 0, 5], [4, 5, 1]),
        tf.slice(x5, [1, 0, 1, 1, 0], [1, 3, 1, 2, 3]),
        tf.slice(x2, [3, 3], [0, 2]),
        tf.slice(tf.cast(x2, 'int32'), [1, 1], [3, 3]),
      ]);
      stock.forEach((s, i) => expect(maxAbsDiff(s, fixed[i]!)).toBe(0));
      tf.dispose([x1, x2, x3, x5]);
    });

    it('splits along each axis and unstacks', () => {
      const x = random([28, 12, 5]);
      const [stock, fixed] = stockAndFixed(() => [...tf.split(x, 4, 0), ...tf.split(x, [2, 7, 3], 1), ...tf.split(x, [1, 4], 2), ...tf.unstack(x, 0), ...tf.unstack(x, 2)]);
      expect(fixed).toHaveLength(4 + 3 + 2 + 28 + 5);
      stock.forEach((s, i) => expect(maxAbsDiff(s, fixed[i]!)).toBe(0));
      tf.dispose(x);
    });
  });

  describe('GatherV2 equals the stock kernel', () => {
    it('along each axis, with batch dimensions, for floats and ints', () => {
      const x = random([6, 5, 40]);
      const xi = tf.cast(tf.mul(random([7, 3]), 10), 'int32');
      const rows = tf.tensor1d([4, 0, 4, 2, 3], 'int32');
      const grid = tf.tensor2d(
        [
          [1, 0],
          [2, 2],
          [0, 4],
        ],
        [3, 2],
        'int32',
      );
      const batched = tf.tensor2d(
        [
          [4, 0, 1],
          [2, 2, 3],
          [0, 1, 4],
          [3, 3, 3],
          [1, 0, 2],
          [4, 4, 0],
        ],
        [6, 3],
        'int32',
      );
      const [stock, fixed] = stockAndFixed(() => [
        tf.gather(x, rows),
        tf.gather(x, rows, 1),
        tf.gather(x, grid, 1),
        tf.gather(x, tf.tensor1d([39, 0, 7], 'int32'), 2),
        tf.gather(xi, tf.tensor1d([6, 6, 1], 'int32')),
      ]);
      stock.forEach((s, i) => expect([i, maxAbsDiff(s, fixed[i]!)]).toEqual([i, 0]));
      // With batch dimensions the stock kernel reads out of bounds (tfjs-wasm 4.22), so compare
      // with a plain loop: out[b][j] = x[b][batched[b][j]].
      const xs = x.arraySync() as number[][][];
      const ids = batched.arraySync() as number[][];
      const gathered = tf.tidy(() => tf.gather(x, batched, 1, 1).arraySync()) as number[][][];
      expect(gathered).toEqual(ids.map((row, b) => row.map((j) => xs[b]![j]!)));
      expect(() => tf.gather(x, tf.tensor1d([6], 'int32'))).toThrow(/index value 6 is not in \[0, 5\]/);
      tf.dispose([x, xi, rows, grid, batched]);
    });
  });

  describe('UnsortedSegmentSum', () => {
    it('equals a plain loop, dropping out-of-range ids', () => {
      const x = random([6, 3]);
      const ids = [2, 0, 2, -1, 5, 1];
      const sums = tf.tidy(() => tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), 4).arraySync()) as number[][];
      const xs = x.arraySync() as number[][];
      const expected = Array.from({ length: 4 }, () => [0, 0, 0]);
      ids.forEach((id, i) => {
        if (id >= 0 && id < 4) for (let j = 0; j < 3; j++) expected[id]![j]! += xs[i]![j]!;
      });
      sums.forEach((row, s) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[s]![j]!, 5)));
      tf.dispose(x);
    });
  });

  describe('gradients through the replaced kernels match finite differences', () => {
    it('matMul with every transpose combination', () => {
      for (const [ta, tb] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as const) {
        const a = random(ta ? [6, 4] : [4, 6]);
        const b = random(tb ? [5, 6] : [6, 5]);
        const r = random([4, 5]);
        // tanh keeps the function nonlinear so that a wrong transpose cannot cancel out.
        const f = (x: Tensor, y: Tensor) => tf.sum(tf.mul(tf.tanh(tf.matMul(x, y, ta, tb)), r));
        expect(gradientCheck(f as never, [a, b]).maxError).toBeLessThan(5e-3);
        tf.dispose([a, b, r]);
      }
    });

    it('split, unstack and slice', () => {
      const x = random([6, 8]);
      const r = random([6, 8]);
      const f = (y: Tensor) => {
        const [p, q] = tf.split(y, [3, 5], 1);
        const rows = tf.unstack(tf.slice(y, [1, 2], [4, 5]));
        const partial = tf.add(tf.sum(tf.square(p!)), tf.sum(tf.sin(q!)));
        return tf.add(partial, tf.sum(tf.mul(tf.stack(rows), tf.slice(r, [0, 0], [4, 5]))));
      };
      expect(gradientCheck(f as never, [x]).maxError).toBeLessThan(5e-3);
      tf.dispose([x, r]);
    });

    it('gather with repeated indices (its gradient is UnsortedSegmentSum)', () => {
      const x = random([5, 4]);
      const r = random([7, 4]);
      const idx = tf.tensor1d([4, 0, 4, 2, 2, 2, 1], 'int32');
      const f = (y: Tensor) => tf.sum(tf.mul(tf.sigmoid(tf.gather(y, idx)), r));
      const check = gradientCheck(f as never, [x], { maxEntries: 20 });
      expect(check.maxError).toBeLessThan(5e-3);
      // Row 3 is never gathered: its gradient is exactly zero.
      const rowThree = check.entries.filter((e) => Math.floor(e.index / 4) === 3);
      expect(rowThree.length).toBeGreaterThan(0);
      for (const e of rowThree) expect(e.analytic).toBe(0);
      tf.dispose([x, r, idx]);
    });
  });
});
