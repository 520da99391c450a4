import { BayesOptNumericalError } from './errors.js';
import type { GpSurface, ValueAndGradient } from './gp-surface.js';

/**
 * The greedy batch's shrunk variance (protocol §7.3):
 *
 *   Ẑ = [Z; X_sel],   v′(x) = σ_f − k(x, Ẑ) (k(Ẑ, Ẑ) + 1e-3·σ_f·I)⁻¹ k(Ẑ, x)
 *
 * — the GP prior conditioned noise-free on the inducing inputs and the points selected so far.
 * The reference recomputes the (M + i)² inverse inside every call; here the Cholesky factor
 * L̂ of k(Ẑ, Ẑ) + jitter is kept and grown by one row per selected point (a Cholesky append,
 * O((M + i)²)), and v′(x) = σ_f − ‖L̂⁻¹k(Ẑ, x)‖², which is the same number.
 */
export class ShrunkVariance {
  /** Ẑ, capacity × D row-major (the first `count` rows are in use). */
  readonly points: Float64Array;
  /** L̂, capacity × capacity row-major, lower triangle. */
  readonly factor: Float64Array;
  private n: number;
  private readonly nugget: number;

  /** @param capacity M plus the most points that will be appended. */
  constructor(
    readonly surface: GpSurface,
    readonly capacity: number,
  ) {
    const { inducing, jitter } = surface.posterior;
    const m = surface.inducingCount;
    const dim = surface.dim;
    this.points = new Float64Array(capacity * dim);
    this.points.set(inducing.subarray(0, m * dim));
    this.factor = new Float64Array(capacity * capacity);
    this.nugget = jitter * surface.signalVariance;
    const l = this.factor;
    const cap = capacity;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j <= i; j++) l[i * cap + j] = surface.kernel(inducing, i * dim, inducing, j * dim);
      l[i * cap + i]! += this.nugget;
    }
    for (let j = 0; j < m; j++) {
      const rj = j * cap;
      let d = l[rj + j]!;
      for (let k = 0; k < j; k++) d -= l[rj + k]! * l[rj + k]!;
      if (!(d > 0)) throw new BayesOptNumericalError(`@opnas/bayesopt: k(Z, Z) + jitter is not positive definite (pivot ${j} is ${d})`);
      const ljj = Math.sqrt(d);
      l[rj + j] = ljj;
      for (let i = j + 1; i < m; i++) {
        const ri = i * cap;
        let s = l[ri + j]!;
        for (let k = 0; k < j; k++) s -= l[ri + k]! * l[rj + k]!;
        l[ri + j] = s / ljj;
      }
    }
    this.n = m;
  }

  /** |Ẑ|: M plus the points appended. */
  get count(): number {
    return this.n;
  }

  /** Solve L̂ w = b in place over the first `count` entries. */
  forwardSolve(b: Float64Array): void {
    const l = this.factor;
    const cap = this.capacity;
    for (let i = 0; i < this.n; i++) {
      const ri = i * cap;
      let s = b[i]!;
      for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
      b[i] = s / l[ri + i]!;
    }
  }

  /** Solve L̂ᵀ a = w in place. */
  backwardSolve(w: Float64Array): void {
    const l = this.factor;
    const cap = this.capacity;
    for (let i = this.n - 1; i >= 0; i--) {
      let s = w[i]!;
      for (let k = i + 1; k < this.n; k++) s -= l[k * cap + i]! * w[k]!;
      w[i] = s / l[i * cap + i]!;
    }
  }

  /**
   * Append x to Ẑ. Returns the new factor row: `row` (its first count−1 entries, L̂⁻¹k(Ẑ, x))
   * and `diagonal`, which callers use to extend L̂⁻¹k for their own cached points.
   */
  append(x: ArrayLike<number>): { row: Float64Array; diagonal: number } {
    if (this.n >= this.capacity) throw new RangeError(`@opnas/bayesopt: ShrunkVariance is full (${this.capacity} points)`);
    const dim = this.surface.dim;
    const row = new Float64Array(this.n);
    this.surface.kernelRow(x, this.points, this.n, row);
    this.forwardSolve(row);
    let d = this.surface.signalVariance + this.nugget;
    for (let k = 0; k < this.n; k++) d -= row[k]! * row[k]!;
    // the nugget keeps d ≥ 1e-3·σ_f in exact arithmetic; guard rounding all the same
    const diagonal = Math.sqrt(Math.max(d, this.nugget * 1e-6));
    const cap = this.capacity;
    this.factor.set(row, this.n * cap);
    this.factor[this.n * cap + this.n] = diagonal;
    for (let c = 0; c < dim; c++) this.points[this.n * dim + c] = x[c]!;
    this.n++;
    return { row, diagonal };
  }

  /** v′(x) with its gradient. */
  at(x: ArrayLike<number>): ValueAndGradient {
    const n = this.n;
    const k = new Float64Array(n);
    this.surface.kernelRow(x, this.points, n, k);
    const w = Float64Array.from(k);
    this.forwardSolve(w);
    let q = 0;
    for (let i = 0; i < n; i++) q += w[i]! * w[i]!;
    // ∂v′/∂x = −2 αᵀ ∂k/∂x with α = (K̂)⁻¹k = L̂⁻ᵀ w
    this.backwardSolve(w);
    for (let i = 0; i < n; i++) w[i]! *= -2;
    const gradient = new Float64Array(this.surface.dim);
    this.surface.accumulateKernelGradient(x, this.points, n, k, w, gradient);
    return { value: this.surface.signalVariance - q, gradient };
  }
}
