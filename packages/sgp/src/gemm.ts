import type { GemmRowsArgs, LinalgContext, Mat } from './linalg-context.js';
import { gemmScratchDoubles } from './simd-kernels.js';

// Why not ml-matrix: its 500³ product measured 0.24–0.35 s here (0.7–1.1 GFLOP/s), and an SGP
// step needs ≈ 12 of them plus larger ones; this SIMD kernel does one in ≈ 10 ms on one core
// (README, Performance). ml-matrix remains the independent reference in the tests.

/** Options of `gemm`: C ← alpha·op(A)·op(B) + beta·C. */
export interface GemmOptions {
  /** Use Aᵀ. Default false. */
  readonly transA?: boolean;
  /** Use Bᵀ. Default false. */
  readonly transB?: boolean;
  /** Default 1. */
  readonly alpha?: number;
  /** Default 0 (C is not read, so it may hold garbage). */
  readonly beta?: number;
  /**
   * The product is known to be symmetric: compute the lower triangle only (about half the
   * work) and mirror it into the upper one. Default false.
   */
  readonly symmetric?: boolean;
}

/**
 * Products smaller than this run on one thread: waking the helper costs ≈ 10 µs (measured: a
 * 48³ product took 11 µs alone and 21 µs split in two), and below ≈ 2·10⁶ multiply-adds
 * (≈ 0.15 ms) a split saves little even when the second core is idle.
 */
const PARALLEL_MIN_MACS = 2e6;

/**
 * General matrix product on the SIMD kernel, split by rows of C over the context's threads.
 * A, B and C must not overlap C's storage. Shapes: op(A) m×k, op(B) k×n, C m×n.
 */
export function gemm(ctx: LinalgContext, a: Mat, b: Mat, c: Mat, options: GemmOptions = {}): void {
  const { transA = false, transB = false, alpha = 1, beta = 0, symmetric = false } = options;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb || c.rows !== m || c.cols !== n) {
    throw new RangeError(`@opnas/sgp: gemm shapes ${m}×${k} · ${kb}×${n} → ${c.rows}×${c.cols}`);
  }
  if (symmetric && m !== n) throw new RangeError('@opnas/sgp: symmetric gemm needs a square result');
  if (m === 0 || n === 0) return;
  if (k === 0) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) c.data[i * c.ld + j] = beta === 0 ? 0 : beta * c.data[i * c.ld + j]!;
    }
    return;
  }
  const mark = ctx.mark();
  try {
    const panels = Math.ceil(n / 4);
    const packed = packB(ctx, b, transB, k, n, panels);
    const macs = symmetric ? (m * n * k) / 2 : m * n * k;
    const parts = macs < PARALLEL_MIN_MACS ? 1 : Math.min(ctx.threads, Math.ceil(m / 4));
    const bounds = splitRows(m, parts, symmetric);
    const calls: GemmRowsArgs[] = [];
    for (let p = 0; p + 1 < bounds.length; p++) {
      const r0 = bounds[p]!;
      const r1 = bounds[p + 1]!;
      if (r1 <= r0) continue;
      const scratch = ctx.alloc(gemmScratchDoubles(r1 - r0, panels), 1);
      calls.push([a.ptr, a.ld, transA ? 1 : 0, packed.ptr, k, panels, c.ptr, c.ld, n, alpha, beta, r0, r1, symmetric ? 1 : 0, scratch.ptr]);
    }
    ctx.runGemmRows(calls);
  } finally {
    ctx.release(mark);
  }
  if (symmetric) mirrorLower(c);
}

/** Copy the strict lower triangle of a square matrix onto its upper triangle. */
export function mirrorLower(c: Mat): void {
  const d = c.data;
  const ld = c.ld;
  for (let i = 0; i < c.rows; i++) {
    for (let j = i + 1; j < c.cols; j++) d[i * ld + j] = d[j * ld + i]!;
  }
}

/** Pack op(B) (k × n) into scratch in the layout `gemmRows` reads (see `packB` in simd-kernels). */
function packB(ctx: LinalgContext, b: Mat, transB: boolean, k: number, n: number, panels: number): Mat {
  const out = ctx.alloc(k, panels * 4);
  ctx.kernels.packB(b.ptr, b.ld, transB ? 1 : 0, k, n, panels, out.ptr);
  return out;
}

/**
 * Row boundaries (multiples of 4) giving each part about the same work; for a lower-triangle
 * product, row i costs ∝ i, so the split points follow √.
 */
function splitRows(m: number, parts: number, symmetric: boolean): number[] {
  const bounds = [0];
  for (let p = 1; p < parts; p++) {
    const frac = p / parts;
    const raw = symmetric ? m * Math.sqrt(frac) : m * frac;
    bounds.push(Math.min(m, Math.max(bounds[p - 1]!, Math.round(raw / 4) * 4)));
  }
  bounds.push(m);
  return bounds;
}
