import { gemm } from './gemm.js';
import { FACTOR_BLOCK } from './cholesky.js';
import type { LinalgContext, Mat } from './linalg-context.js';

/**
 * X = L⁻¹ for a lower-triangular L (upper triangle of `l` ignored); X is lower triangular with
 * a zero upper triangle. Blocked by rows: X₍ᵢ,<ᵢ₎ = −X_ii·(L₍ᵢ,<ᵢ₎·X₍<ᵢ,<ᵢ₎), the products on the
 * SIMD gemm, the small diagonal inverses as scalar substitution.
 */
export function lowerTriangularInverse(ctx: LinalgContext, l: Mat, x: Mat): void {
  const n = l.rows;
  const xd = x.data;
  const ld = l.data;
  for (let i = 0; i < n; i++) xd.fill(0, i * x.ld, i * x.ld + n);
  for (let i0 = 0; i0 < n; i0 += FACTOR_BLOCK) {
    const ib = Math.min(FACTOR_BLOCK, n - i0);
    // diagonal block: column by column, forward substitution on the unit vectors
    for (let c = i0; c < i0 + ib; c++) {
      xd[c * x.ld + c] = 1 / ld[c * l.ld + c]!;
      for (let r = c + 1; r < i0 + ib; r++) {
        let s = 0;
        for (let p = c; p < r; p++) s += ld[r * l.ld + p]! * xd[p * x.ld + c]!;
        xd[r * x.ld + c] = -s / ld[r * l.ld + r]!;
      }
    }
    if (i0 === 0) continue;
    const mark = ctx.mark();
    const t = ctx.alloc(ib, i0);
    gemm(ctx, ctx.view(l, i0, 0, ib, i0), ctx.view(x, 0, 0, i0, i0), t);
    gemm(ctx, ctx.view(x, i0, i0, ib, ib), t, ctx.view(x, i0, 0, ib, i0), { alpha: -1 });
    ctx.release(mark);
  }
}
