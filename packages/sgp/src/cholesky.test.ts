import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { choleskyInPlace, logDetFromCholesky } from './cholesky.js';
import { SgpNumericalError } from './errors.js';
import { linalgContext } from './linalg-context.js';
import { randomSpd } from './testing/fixtures.js';

describe('choleskyInPlace (blocked, trailing updates on the SIMD gemm)', () => {
  for (const n of [1, 5, 47, 48, 49, 130]) {
    it(`n = ${n}: equals ml-matrix's factor and L·Lᵀ reproduces A`, () => {
      const ctx = linalgContext(2);
      const mark = ctx.mark();
      const av = randomSpd(n, n);
      const a = ctx.fromArray(n, n, av);
      choleskyInPlace(ctx, a, 'test matrix');
      const ref = new CholeskyDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(av.subarray(i * n, i * n + n)))));
      const lower = ref.lowerTriangularMatrix;
      let logDet = 0;
      for (let i = 0; i < n; i++) {
        logDet += 2 * Math.log(lower.get(i, i));
        for (let j = 0; j < n; j++) {
          expect(a.data[i * n + j]).toBeCloseTo(j <= i ? lower.get(i, j) : 0, 12);
          let s = 0;
          for (let p = 0; p < n; p++) s += a.data[i * n + p]! * a.data[j * n + p]!;
          expect(s).toBeCloseTo(av[i * n + j]!, 12);
        }
      }
      expect(logDetFromCholesky(a)).toBeCloseTo(logDet, 10);
      ctx.release(mark);
    });
  }

  it('rejects a matrix that is not positive definite with a typed error naming it', () => {
    const ctx = linalgContext(1);
    const mark = ctx.mark();
    const a = ctx.fromArray(2, 2, [1, 2, 2, 1]);
    expect(() => choleskyInPlace(ctx, a, 'the cavity precision')).toThrow(SgpNumericalError);
    const b = ctx.fromArray(2, 2, [1, 2, 2, 1]);
    expect(() => choleskyInPlace(ctx, b, 'the cavity precision')).toThrow(/@opnas\/sgp: the cavity precision is not positive definite/);
    ctx.release(mark);
  });
});
