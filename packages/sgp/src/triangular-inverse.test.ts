import { describe, expect, it } from 'vitest';
import { randomSpd } from './testing/fixtures.js';
import { choleskyInPlace } from './cholesky.js';
import { linalgContext } from './linalg-context.js';
import { lowerTriangularInverse } from './triangular-inverse.js';

describe('lowerTriangularInverse', () => {
  for (const n of [1, 3, 48, 97, 150]) {
    it(`n = ${n}: X·L = I and X is lower triangular`, () => {
      const ctx = linalgContext(2);
      const mark = ctx.mark();
      const l = ctx.fromArray(n, n, randomSpd(n, 3 * n));
      choleskyInPlace(ctx, l, 'L');
      const x = ctx.alloc(n, n);
      x.data.fill(Number.NaN);
      lowerTriangularInverse(ctx, l, x);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (j > i) expect(x.data[i * n + j]).toBe(0);
          let s = 0;
          for (let p = 0; p < n; p++) s += x.data[i * n + p]! * l.data[p * n + j]!;
          expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
        }
      }
      ctx.release(mark);
    });
  }
});
