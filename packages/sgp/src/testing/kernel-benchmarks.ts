// Timing helpers for benchmarks/sgp.bench.ts (not part of the published package).
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { choleskyInPlace } from '../cholesky.js';
import { gemm } from '../gemm.js';
import { linalgContext } from '../linalg-context.js';

/** Median seconds of an n×n×n gemm on `threads` threads. */
export function gemmBenchmark(n: number, threads: number): number {
  const ctx = linalgContext(threads);
  const mark = ctx.mark();
  const a = ctx.alloc(n, n);
  const b = ctx.alloc(n, n);
  const c = ctx.alloc(n, n);
  for (let i = 0; i < n * n; i++) {
    a.data[i] = Math.random();
    b.data[i] = Math.random();
  }
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    gemm(ctx, a, b, c);
    times.push((performance.now() - t) / 1000);
  }
  ctx.release(mark);
  return times.sort((x, y) => x - y)[3]!;
}

/** Median seconds of an n×n Cholesky on `threads` threads. */
export function choleskyBenchmark(n: number, threads: number): number {
  const ctx = linalgContext(threads);
  const mark = ctx.mark();
  const b = ctx.alloc(n, n);
  for (let i = 0; i < n * n; i++) b.data[i] = Math.random();
  const spd = ctx.alloc(n, n);
  gemm(ctx, b, b, spd, { transB: true });
  for (let i = 0; i < n; i++) spd.data[i * n + i]! += n;
  const a = ctx.alloc(n, n);
  const times: number[] = [];
  for (let r = 0; r < 7; r++) {
    a.data.set(spd.data);
    const t = performance.now();
    choleskyInPlace(ctx, a, 'benchmark matrix');
    times.push((performance.now() - t) / 1000);
  }
  ctx.release(mark);
  return times.sort((x, y) => x - y)[3]!;
}

/** Seconds of ml-matrix's n³ mmul and n×n Cholesky (the library the kernels were measured against). */
export function mlMatrixBenchmark(n: number): { mmulSeconds: number; choleskySeconds: number } {
  const a = Matrix.rand(n, n);
  const b = Matrix.rand(n, n);
  let t = performance.now();
  const ab = a.mmul(b);
  const mmulSeconds = (performance.now() - t) / 1000;
  const spd = ab.mmul(ab.transpose()).add(Matrix.eye(n).mul(n));
  t = performance.now();
  new CholeskyDecomposition(spd);
  return { mmulSeconds, choleskySeconds: (performance.now() - t) / 1000 };
}
