import { SgpNumericalError } from './errors.js';
import { gemm } from './gemm.js';
import type { LinalgContext, Mat } from './linalg-context.js';

// Hand-written rather than ml-matrix's CholeskyDecomposition: 3.1–3.3 ms against 55–78 ms for
// n = 500 on this machine, measured (README, Performance); the factorisation runs twice per step.

/**
 * Block size of the factorisations: the diagonal blocks run as scalar loops (n·nb²/3
 * multiply-adds, ≈ 1 % of the n³/3 at n = 500, nb = 48), everything else on the SIMD gemm,
 * whose calls stay large enough (≥ 48-wide panels) to run near full speed. Not tuned further.
 */
export const FACTOR_BLOCK = 48;

/**
 * Cholesky factorisation A = L·Lᵀ in place: the lower triangle of `a` becomes L, the strict upper
 * triangle is zeroed. Reads only the lower triangle of A. Throws `SgpNumericalError` naming
 * `what` when A is not numerically positive definite.
 */
export function choleskyInPlace(ctx: LinalgContext, a: Mat, what: string): void {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`@opnas/sgp: Cholesky of a non-square ${a.rows}×${a.cols} matrix`);
  const d = a.data;
  const ld = a.ld;
  for (let k0 = 0; k0 < n; k0 += FACTOR_BLOCK) {
    const kb = Math.min(FACTOR_BLOCK, n - k0);
    // diagonal block, unblocked (its earlier columns were already subtracted by trailing updates)
    for (let j = k0; j < k0 + kb; j++) {
      const rj = j * ld;
      let s = d[rj + j]!;
      for (let p = k0; p < j; p++) s -= d[rj + p]! * d[rj + p]!;
      if (!(s > 0)) {
        throw new SgpNumericalError(`@opnas/sgp: ${what} is not positive definite (pivot ${j} is ${s})`);
      }
      const ljj = Math.sqrt(s);
      d[rj + j] = ljj;
      for (let i = j + 1; i < k0 + kb; i++) {
        const ri = i * ld;
        let t = d[ri + j]!;
        for (let p = k0; p < j; p++) t -= d[ri + p]! * d[rj + p]!;
        d[ri + j] = t / ljj;
      }
    }
    const rest = n - k0 - kb;
    if (rest === 0) break;
    // panel: A21 ← A21·L11⁻ᵀ. Through the explicit inverse of the small diagonal block and a
    // SIMD gemm rather than row-by-row substitution: the scalar substitution was half of the
    // factorisation time at n = 500 (n²·nb/4 multiply-adds in plain JavaScript); the blocks
    // factorised here are well conditioned (I + β·LᵀKL has eigenvalues ≥ 1).
    const mark = ctx.mark();
    const inv = ctx.alloc(kb, kb);
    const id = inv.data;
    for (let c = 0; c < kb; c++) {
      for (let r = 0; r < c; r++) id[r * kb + c] = 0;
      id[c * kb + c] = 1 / d[(k0 + c) * ld + k0 + c]!;
      for (let r = c + 1; r < kb; r++) {
        let t = 0;
        for (let p = c; p < r; p++) t += d[(k0 + r) * ld + k0 + p]! * id[p * kb + c]!;
        id[r * kb + c] = -t / d[(k0 + r) * ld + k0 + r]!;
      }
    }
    const a21 = ctx.view(a, k0 + kb, k0, rest, kb);
    const l21 = ctx.alloc(rest, kb);
    gemm(ctx, a21, inv, l21, { transB: true });
    for (let i = 0; i < rest; i++) a21.data.set(l21.data.subarray(i * kb, i * kb + kb), i * ld);
    // trailing update A22 ← A22 − L21·L21ᵀ (symmetric: lower half computed)
    const a22 = ctx.view(a, k0 + kb, k0 + kb, rest, rest);
    gemm(ctx, l21, l21, a22, { transB: true, alpha: -1, beta: 1, symmetric: true });
    ctx.release(mark);
  }
  for (let i = 0; i < n; i++) d.fill(0, i * ld + i + 1, i * ld + n);
}

/** log|A| = 2·Σ log L_ii from the Cholesky factor L of A. */
export function logDetFromCholesky(l: Mat): number {
  let s = 0;
  for (let i = 0; i < l.rows; i++) s += Math.log(l.data[i * l.ld + i]!);
  return 2 * s;
}
