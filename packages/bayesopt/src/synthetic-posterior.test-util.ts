import { PythonRandom } from '@opnas/rng';
import type { SparseGpPosterior } from './gp-surface.js';

/** Plain SE-ARD kernel (test reference, independent of GpSurface). */
export function seKernel(a: ArrayLike<number>, b: ArrayLike<number>, lls: ArrayLike<number>, lsf: number): number {
  let q = 0;
  for (let d = 0; d < a.length; d++) q += (a[d]! - b[d]!) ** 2 / Math.exp(lls[d]!);
  return Math.exp(lsf) * Math.exp(-0.5 * q);
}

/** Inverse of a small SPD matrix by Gauss–Jordan (test reference). */
export function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[p]![k]!)) p = i;
    [m[k], m[p]] = [m[p]!, m[k]!];
    const d = m[k]![k]!;
    for (let j = 0; j < 2 * n; j++) m[k]![j]! /= d;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = m[i]![k]!;
      for (let j = 0; j < 2 * n; j++) m[i]![j]! -= f * m[k]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * An exact GP on (x, y) written as a sparse posterior with Z = X: a = (K + σ²I)⁻¹y and
 * Φ = (K + σ²I)⁻¹, so mean = k_x a and v = σ_f − k_x Φ k_xᵀ are the exact GP's.
 */
export function exactGpPosterior(x: number[][], y: number[], lls: number[], lsf: number, noise: number): SparseGpPosterior {
  const n = x.length;
  const dim = lls.length;
  const k = x.map((a, i) => x.map((b, j) => seKernel(a, b, lls, lsf) + (i === j ? noise : 0)));
  const inv = invert(k);
  const a = inv.map((row) => row.reduce((s, v, j) => s + v * y[j]!, 0));
  return {
    dim,
    inducingCount: n,
    inducing: Float64Array.from(x.flat()),
    logLengthscales: Float64Array.from(lls),
    logSignalVariance: lsf,
    meanWeights: Float64Array.from(a),
    varianceWeights: Float64Array.from(inv.flat()),
    jitter: 1e-3,
  };
}

/** A smooth test function on [0, 1]^D with a known minimum region near 0.3·1. */
export function testFunction(x: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < x.length; d++) s += (x[d]! - 0.3) ** 2 + 0.1 * Math.sin(5 * x[d]!);
  return s;
}

/** A seeded exact-GP posterior on n random points of [0, 1]^dim fitted to {@link testFunction}. */
export function randomPosterior(n: number, dim: number, seed = 7): { posterior: SparseGpPosterior; x: number[][]; y: number[] } {
  const rng = new PythonRandom(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: dim }, () => rng.random()));
  const y = x.map(testFunction);
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const yc = y.map((v) => v - mean);
  const lls = Array.from({ length: dim }, (_, d) => Math.log(0.15 + 0.05 * d));
  return { posterior: exactGpPosterior(x, yc, lls, Math.log(0.8), 0.01), x, y: yc };
}
