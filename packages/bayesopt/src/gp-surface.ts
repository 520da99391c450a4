import { BayesOptArgumentError } from './errors.js';

/**
 * What acquisition needs from a fitted sparse GP (protocol §6.4 at prediction time, c = 0): the ARD
 * SE kernel, the inducing inputs, and two precomputed quantities such that
 *
 *   mean(x) = k_x·a,      v(x) = σ_f − k_x Φ k_xᵀ   (= σ_f + k_x A k_xᵀ with A = −Φ; no noise)
 *
 * where k_x = k(x, Z). `@opnas/sgp` exposes exactly these as `sgpPredictiveState` ({a, phi});
 * {@link sparseGpPosterior} adapts a fitted `SparseGp`. Any other GP whose posterior has this
 * form (an exact GP with Z = X, a = (K + σ²I)⁻¹y, Φ = (K + σ²I)⁻¹) plugs in the same way.
 */
export interface SparseGpPosterior {
  /** Input dimension D. */
  readonly dim: number;
  /** Number of inducing inputs M. */
  readonly inducingCount: number;
  /** Z, M × D row-major. */
  readonly inducing: Float64Array;
  /** lls: log squared lengthscales, length D (ℓ_d = exp(lls_d)). */
  readonly logLengthscales: Float64Array;
  /** lsf: log signal variance (σ_f = exp(lsf) is a variance). */
  readonly logSignalVariance: number;
  /** a = K⁻¹ m, length M. */
  readonly meanWeights: Float64Array;
  /** Φ, M × M row-major, symmetric. */
  readonly varianceWeights: Float64Array;
  /** Relative jitter of k(Z, Z) (1e-3, protocol §6.4); the shrunk variance of §7.3 uses it too. */
  readonly jitter: number;
}

/** A value and its gradient with respect to x. */
export interface ValueAndGradient {
  readonly value: number;
  readonly gradient: Float64Array;
}

/**
 * The predictive surface of a {@link SparseGpPosterior}: mean and latent variance, pointwise
 * with gradients (for L-BFGS-B) or over many rows (for grids and pools).
 */
export class GpSurface {
  readonly dim: number;
  readonly inducingCount: number;
  readonly signalVariance: number;
  /** 1/ℓ_d. */
  readonly inverseLengthscales: Float64Array;

  constructor(readonly posterior: SparseGpPosterior) {
    const { dim, inducingCount: m } = posterior;
    const expect = (name: string, length: number, want: number) => {
      if (length !== want) throw new BayesOptArgumentError(`@opnas/bayesopt: posterior.${name} has ${length} values, expected ${want}`, 'posterior');
    };
    expect('inducing', posterior.inducing.length, m * dim);
    expect('logLengthscales', posterior.logLengthscales.length, dim);
    expect('meanWeights', posterior.meanWeights.length, m);
    expect('varianceWeights', posterior.varianceWeights.length, m * m);
    if (!Number.isFinite(posterior.logSignalVariance)) {
      throw new BayesOptArgumentError(`@opnas/bayesopt: posterior.logSignalVariance is ${posterior.logSignalVariance}`, 'posterior');
    }
    this.dim = dim;
    this.inducingCount = m;
    this.signalVariance = Math.exp(posterior.logSignalVariance);
    this.inverseLengthscales = posterior.logLengthscales.map((v) => Math.exp(-v));
  }

  /** k(x, y) for two points. */
  kernel(x: ArrayLike<number>, xOffset: number, y: ArrayLike<number>, yOffset: number): number {
    const il = this.inverseLengthscales;
    let q = 0;
    for (let d = 0; d < this.dim; d++) {
      const t = x[xOffset + d]! - y[yOffset + d]!;
      q += t * t * il[d]!;
    }
    return this.signalVariance * Math.exp(-0.5 * q);
  }

  /** k(x, rows of `points`) for the first `count` rows, into `out`. */
  kernelRow(x: ArrayLike<number>, points: Float64Array, count: number, out: Float64Array): void {
    for (let j = 0; j < count; j++) out[j] = this.kernel(x, 0, points, j * this.dim);
  }

  /**
   * Adds Σ_j w_j ∂k(x, p_j)/∂x to `gradient`, where ∂k/∂x_d = −k·(x_d − p_jd)/ℓ_d, given the kernel
   * values `k` of the same rows.
   */
  accumulateKernelGradient(x: ArrayLike<number>, points: Float64Array, count: number, k: Float64Array, w: Float64Array, gradient: Float64Array): void {
    const il = this.inverseLengthscales;
    const dim = this.dim;
    for (let j = 0; j < count; j++) {
      const c = w[j]! * k[j]!;
      if (c === 0) continue;
      const r = j * dim;
      for (let d = 0; d < dim; d++) gradient[d]! -= c * (x[d]! - points[r + d]!) * il[d]!;
    }
  }

  /** Posterior mean at x with its gradient. */
  mean(x: ArrayLike<number>): ValueAndGradient {
    const { inducing, meanWeights } = this.posterior;
    const m = this.inducingCount;
    const k = new Float64Array(m);
    this.kernelRow(x, inducing, m, k);
    let value = 0;
    for (let j = 0; j < m; j++) value += k[j]! * meanWeights[j]!;
    const gradient = new Float64Array(this.dim);
    this.accumulateKernelGradient(x, inducing, m, k, meanWeights, gradient);
    return { value, gradient };
  }

  /** Latent variance v(x) = σ_f − k_x Φ k_xᵀ (no noise, no absolute value) with its gradient. */
  variance(x: ArrayLike<number>): ValueAndGradient {
    const { inducing, varianceWeights: phi } = this.posterior;
    const m = this.inducingCount;
    const k = new Float64Array(m);
    this.kernelRow(x, inducing, m, k);
    const u = new Float64Array(m);
    let quad = 0;
    for (let i = 0; i < m; i++) {
      let s = 0;
      const r = i * m;
      for (let j = 0; j < m; j++) s += phi[r + j]! * k[j]!;
      u[i] = s;
      quad += s * k[i]!;
    }
    const gradient = new Float64Array(this.dim);
    // ∂v/∂x = −2 (Φk)ᵀ ∂k/∂x
    for (let i = 0; i < m; i++) u[i]! *= -2;
    this.accumulateKernelGradient(x, inducing, m, k, u, gradient);
    return { value: this.signalVariance - quad, gradient };
  }

  /**
   * k(rows, Z) for `rows` points (row-major, D columns) into a rows × stride matrix (the first M
   * columns of each row), for grids and pools.
   */
  crossCovariance(points: Float64Array, rows: number, stride = this.inducingCount): Float64Array {
    const m = this.inducingCount;
    const out = new Float64Array(rows * stride);
    const k = new Float64Array(m);
    const z = this.posterior.inducing;
    const x = new Float64Array(this.dim);
    for (let i = 0; i < rows; i++) {
      x.set(points.subarray(i * this.dim, (i + 1) * this.dim));
      this.kernelRow(x, z, m, k);
      out.set(k, i * stride);
    }
    return out;
  }

  /** Mean and latent variance of every row, given k(rows, Z) from {@link crossCovariance}. */
  meanAndVarianceFromCrossCovariance(kxz: Float64Array, rows: number, stride = this.inducingCount): { mean: Float64Array; variance: Float64Array } {
    const m = this.inducingCount;
    const { meanWeights: a, varianceWeights: phi } = this.posterior;
    const mean = new Float64Array(rows);
    const variance = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const r = i * stride;
      // kᵀΦk over the upper triangle of the symmetric Φ: half the multiply-adds of Φ·k
      let mu = 0;
      let quad = 0;
      for (let j = 0; j < m; j++) {
        const kj = kxz[r + j]!;
        mu += kj * a[j]!;
        const pj = j * m;
        let s = 0;
        for (let l = j + 1; l < m; l++) s += phi[pj + l]! * kxz[r + l]!;
        quad += kj * (phi[pj + j]! * kj + 2 * s);
      }
      mean[i] = mu;
      variance[i] = this.signalVariance - quad;
    }
    return { mean, variance };
  }
}
