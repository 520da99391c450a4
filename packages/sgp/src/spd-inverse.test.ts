import { Matrix, determinant, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { randomSpd } from './testing/fixtures.js';
import { linalgContext } from './linalg-context.js';
import { spdInverseInPlace } from './spd-inverse.js';

describe('spdInverseInPlace', () => {
  for (const n of [2, 60, 121]) {
    it(`n = ${n}: equals ml-matrix's inverse; log-det equals the sum of LU pivots' logs`, () => {
      const ctx = linalgContext(2);
      const mark = ctx.mark();
      const av = randomSpd(n, 7 * n);
      const rows = Array.from({ length: n }, (_, i) => Array.from(av.subarray(i * n, i * n + n)));
      const a = ctx.fromArray(n, n, av);
      const h = ctx.alloc(n, n);
      const { logDet } = spdInverseInPlace(ctx, a, h, 'A');
      const ref = inverse(new Matrix(rows));
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(h.data[i * n + j]).toBeCloseTo(ref.get(i, j), 11);
      // independent log-det: ml-matrix's determinant is LU-based
      const det = determinant(new Matrix(rows));
      if (n <= 60) expect(logDet).toBeCloseTo(Math.log(det), 9);
      ctx.release(mark);
    });
  }
});
