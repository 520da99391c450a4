import { describe, expect, it } from 'vitest';
import { gemm } from './gemm.js';
import { disposeLinalgThreads, linalgContext } from './linalg-context.js';
import { lcg } from './testing/fixtures.js';

function naive(a: Float64Array, b: Float64Array, m: number, k: number, n: number, ta: boolean, tb: boolean): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i]! : a[i * k + p]!) * (tb ? b[j * k + p]! : b[p * n + j]!);
      out[i * n + j] = s;
    }
  }
  return out;
}

function random(n: number, seed: number): Float64Array {
  return Float64Array.from({ length: n }, lcg(seed));
}

describe('gemm (SIMD kernel, row-split over threads)', () => {
  for (const threads of [1, 2]) {
    for (const [m, k, n] of [
      [1, 1, 1],
      [7, 5, 3],
      [13, 300, 9],
      [64, 70, 130],
      [203, 517, 101],
    ] as const) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          it(`${m}×${k}·${k}×${n} transA=${ta} transB=${tb} on ${threads} thread(s) matches the triple loop`, () => {
            const ctx = linalgContext(threads);
            const mark = ctx.mark();
            const av = random(m * k, m + k);
            const bv = random(k * n, n + 7);
            const a = ctx.fromArray(ta ? k : m, ta ? m : k, av);
            const b = ctx.fromArray(tb ? n : k, tb ? k : n, bv);
            const c = ctx.fromArray(m, n, random(m * n, 3));
            const c0 = Float64Array.from(c.data);
            gemm(ctx, a, b, c, { transA: ta, transB: tb, alpha: 0.5, beta: -2 });
            const want = naive(av, bv, m, k, n, ta, tb);
            for (let i = 0; i < m * n; i++) expect(c.data[i]).toBeCloseTo(0.5 * want[i]! - 2 * c0[i]!, 12);
            ctx.release(mark);
          });
        }
      }
    }
  }

  it('symmetric products compute the lower triangle and mirror it (AᵀA, 2 threads)', () => {
    const ctx = linalgContext(2);
    const mark = ctx.mark();
    const m = 150;
    const k = 333;
    const av = random(k * m, 11);
    const a = ctx.fromArray(k, m, av);
    const c = ctx.alloc(m, m);
    c.data.fill(Number.NaN); // beta = 0 must not read C
    gemm(ctx, a, a, c, { transA: true, symmetric: true });
    const want = naive(av, av, m, k, m, true, false);
    for (let i = 0; i < m * m; i++) expect(c.data[i]).toBeCloseTo(want[i]!, 12);
    ctx.release(mark);
  });

  it('works on sub-block views with a leading dimension larger than the width', () => {
    const ctx = linalgContext(1);
    const mark = ctx.mark();
    const big = ctx.fromArray(20, 20, random(400, 5));
    const a = ctx.view(big, 2, 3, 9, 6);
    const b = ctx.view(big, 11, 1, 6, 5);
    const out = ctx.alloc(20, 20, true);
    const c = ctx.view(out, 4, 4, 9, 5);
    gemm(ctx, a, b, c);
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j < 5; j++) {
        let s = 0;
        for (let p = 0; p < 6; p++) s += big.data[(2 + i) * 20 + 3 + p]! * big.data[(11 + p) * 20 + 1 + j]!;
        expect(out.data[(4 + i) * 20 + 4 + j]).toBeCloseTo(s, 12);
      }
    }
    // nothing outside the block was written
    expect(out.data[3 * 20 + 4]).toBe(0);
    expect(out.data[4 * 20 + 9]).toBe(0);
    ctx.release(mark);
  });

  it('writes nothing past its own scratch (guard pattern after the arena top)', () => {
    const ctx = linalgContext(2);
    const mark = ctx.mark();
    const [m, k, n] = [203, 517, 101];
    const a = ctx.fromArray(m, k, random(m * k, 1));
    const b = ctx.fromArray(k, n, random(k * n, 2));
    const c = ctx.alloc(m, n);
    const guard = ctx.alloc(2_000_000, 1);
    guard.data.fill(7.5);
    ctx.release(guard.ptr);
    gemm(ctx, a, b, c);
    // gemm's packed B and scratch are allocated from guard.ptr on; everything it wrote is below
    // packedBytes + scratchBytes, the rest of the guard must be untouched
    const panels = Math.ceil(n / 4);
    const used = k * panels * 4 + 2 * (256 * 4 + Math.ceil(m / 4) * 16 * panels) + 16;
    for (let i = used; i < guard.data.length; i++) if (guard.data[i] !== 7.5) throw new Error(`guard overwritten at ${i}`);
    ctx.release(mark);
  });

  it('keeps working after the helper threads are stopped and restarted', async () => {
    await disposeLinalgThreads();
    expect(linalgContext(1).workerCount).toBe(0);
    const ctx = linalgContext(2);
    const mark = ctx.mark();
    const [m, k, n] = [300, 200, 100];
    const av = random(m * k, 21);
    const bv = random(k * n, 22);
    const c = ctx.alloc(m, n);
    gemm(ctx, ctx.fromArray(m, k, av), ctx.fromArray(k, n, bv), c);
    const want = naive(av, bv, m, k, n, false, false);
    for (let i = 0; i < m * n; i++) expect(c.data[i]).toBeCloseTo(want[i]!, 12);
    ctx.release(mark);
  });
});
