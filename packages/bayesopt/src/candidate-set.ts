import type { GpSurface } from './gp-surface.js';
import type { ShrunkVariance } from './shrunk-variance.js';

/**
 * A finite set of candidate points (the EI grid, or a pool of encoded architectures) with their
 * predictive mean and current variance, kept in step with a {@link ShrunkVariance}:
 *
 * - at first the variance is v(x) = σ_f − k_x Φ k_xᵀ (the first batch point's acquisition);
 * - after `condition`, it is v′(x) = σ_f − ‖L̂⁻¹k(Ẑ, x)‖², and each appended point adds one
 *   column to the cached W = k(X, Ẑ) L̂⁻ᵀ (O(rows·|Ẑ|) per greedy step, no refactorisation).
 *
 * W overwrites k(X, Z) in place (row stride M + capacity), so a 10,000-point grid at M = 500 and
 * q = 50 holds one 44 MB matrix.
 */
export class CandidateSet {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  private readonly stride: number;
  private readonly w: Float64Array;
  private conditioned = false;

  constructor(
    readonly surface: GpSurface,
    readonly points: Float64Array,
    readonly rows: number,
    extraCapacity: number,
  ) {
    this.stride = surface.inducingCount + extraCapacity;
    this.w = surface.crossCovariance(points, rows, this.stride);
    const { mean, variance } = surface.meanAndVarianceFromCrossCovariance(this.w, rows, this.stride);
    this.mean = mean;
    this.variance = variance;
  }

  /** Row i as a new array. */
  row(i: number): Float64Array {
    const d = this.surface.dim;
    return this.points.slice(i * d, (i + 1) * d);
  }

  /** k(X, Z)·g for weights g (Thompson samples); valid only before `condition`. */
  crossTimes(g: Float64Array): Float64Array {
    const m = this.surface.inducingCount;
    const out = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      let s = 0;
      const r = i * this.stride;
      for (let j = 0; j < m; j++) s += this.w[r + j]! * g[j]!;
      out[i] = s;
    }
    return out;
  }

  /**
   * Switch the variance to v′ with Ẑ = Z (turn k(X, Z) into k(X, Z)L⁻ᵀ by forward substitution),
   * then fold in every point `shrunk` already holds beyond Z.
   */
  condition(shrunk: ShrunkVariance): void {
    const m = this.surface.inducingCount;
    const l = shrunk.factor;
    const cap = shrunk.capacity;
    const sf = this.surface.signalVariance;
    for (let i = 0; i < this.rows; i++) {
      const r = i * this.stride;
      let q = 0;
      for (let a = 0; a < m; a++) {
        const ra = a * cap;
        let s = this.w[r + a]!;
        for (let b = 0; b < a; b++) s -= l[ra + b]! * this.w[r + b]!;
        const v = s / l[ra + a]!;
        this.w[r + a] = v;
        q += v * v;
      }
      this.variance[i] = sf - q;
    }
    this.conditioned = true;
    for (let j = m; j < shrunk.count; j++) {
      const row = l.subarray(j * cap, j * cap + j);
      this.extend(shrunk, j, row, l[j * cap + j]!);
    }
  }

  /** Fold the point just appended to `shrunk` (its factor row and diagonal) into W and v′. */
  appended(shrunk: ShrunkVariance, factorRow: Float64Array, diagonal: number): void {
    if (!this.conditioned) throw new Error('@opnas/bayesopt: CandidateSet.appended before condition');
    this.extend(shrunk, shrunk.count - 1, factorRow, diagonal);
  }

  private extend(shrunk: ShrunkVariance, column: number, factorRow: Float64Array, diagonal: number): void {
    const dim = this.surface.dim;
    const p = shrunk.points;
    for (let i = 0; i < this.rows; i++) {
      const r = i * this.stride;
      let s = this.surface.kernel(this.points, i * dim, p, column * dim);
      for (let b = 0; b < column; b++) s -= factorRow[b]! * this.w[r + b]!;
      const v = s / diagonal;
      this.w[r + column] = v;
      this.variance[i]! -= v * v;
    }
  }
}
