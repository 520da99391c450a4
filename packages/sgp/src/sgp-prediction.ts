import { gemm } from './gemm.js';
import { linalgContext } from './linalg-context.js';
import type { Prediction } from './predictor.js';
import { scaledInputs, seArdCovariance } from './se-ard-kernel.js';
import type { SgpParameters } from './sgp-parameters.js';
import { spdInverseInPlace } from './spd-inverse.js';

/** The SGP's predictive distribution: `variance` includes the noise, `latentVariance` does not. */
export interface SgpPrediction extends Prediction {
  /** Variance of the latent function value, |σ_f + k A kᵀ| (no noise). */
  readonly latentVariance: Float64Array;
}

/**
 * What prediction needs from the parameters, computed once per fit: with c = 0 the cavity is
 * the posterior (protocol §6.4), K⁻¹m = m̂ − L P⁻¹ u and A = K⁻¹SK⁻¹ − K⁻¹ = −L P⁻¹ Lᵀ, where
 * P = I + LᵀKL and u = LᵀK m̂ (the same Woodbury forms as `sgpEnergy`, no K⁻¹).
 */
export interface SgpPredictiveState {
  /** a = K⁻¹ m_post, length M: mean(x) = k_x a. */
  readonly a: Float64Array;
  /** Φ = L P⁻¹ Lᵀ, M×M: latent variance(x) = |σ_f − k_x Φ k_xᵀ|. */
  readonly phi: Float64Array;
}

/** Options shared by the prediction functions. */
export interface SgpPredictionOptions {
  /** Relative jitter, as in training. Default 1e-3. */
  readonly jitter?: number;
  /** Threads for the matrix kernels. Default 1. */
  readonly threads?: number;
}

export function sgpPredictiveState(parameters: SgpParameters, options: SgpPredictionOptions = {}): SgpPredictiveState {
  const { jitter = 1e-3, threads = 1 } = options;
  const m = parameters.inducingCount;
  const ctx = linalgContext(threads);
  const mark = ctx.mark();
  try {
    const sigmaF = Math.exp(parameters.logSignalVariance);
    const invSqrtEll = parameters.logLengthscales.map((v) => Math.exp(-0.5 * v));
    const zs = scaledInputs(ctx, parameters.z, m, invSqrtEll);
    const k = ctx.alloc(m, m);
    seArdCovariance(ctx, zs, zs, sigmaF, k, true);
    for (let i = 0; i < m; i++) k.data[i * m + i]! += jitter * sigmaF;
    const l = ctx.fromArray(m, m, parameters.l);
    const kl = ctx.alloc(m, m);
    gemm(ctx, k, l, kl);
    const p = ctx.alloc(m, m);
    gemm(ctx, l, kl, p, { transA: true, symmetric: true });
    for (let i = 0; i < m; i++) p.data[i * m + i]! += 1;
    const mHat = parameters.mHat;
    const u = new Float64Array(m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) u[j]! += kl.data[i * m + j]! * mHat[i]!;
    const h = ctx.alloc(m, m);
    spdInverseInPlace(ctx, p, h, 'the posterior matrix I + LᵀKL');
    const hu = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += h.data[i * m + j]! * u[j]!;
      hu[i] = s;
    }
    const a = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += l.data[i * m + j]! * hu[j]!;
      a[i] = mHat[i]! - s;
    }
    const jm = ctx.alloc(m, m);
    gemm(ctx, l, h, jm);
    const phi = ctx.alloc(m, m);
    gemm(ctx, jm, l, phi, { transB: true, symmetric: true });
    return { a, phi: Float64Array.from(phi.data) };
  } finally {
    ctx.release(mark);
  }
}

/** Prediction plus its gradient with respect to the inputs (for acquisition optimisers). */
export interface SgpPredictionWithGradient extends SgpPrediction {
  /** ∂mean_i/∂x_i, row-major rows × D. */
  readonly meanGradient: Float64Array;
  /** ∂variance_i/∂x_i (the same for the latent variance), row-major rows × D. */
  readonly varianceGradient: Float64Array;
}

/** Rows predicted per kernel block (bounds scratch memory: 2048 × 500 doubles = 8 MB). */
const PREDICT_BLOCK = 2048;

/**
 * Predictive mean and variances (protocol §6.4 with c = 0) at `rows` inputs `x` (row-major, D
 * columns). Inputs are assumed checked by the caller.
 */
export function predictSgp(parameters: SgpParameters, state: SgpPredictiveState, x: ArrayLike<number>, rows: number, options: SgpPredictionOptions = {}): SgpPrediction {
  return predictInBlocks(parameters, state, x, rows, options, false);
}

/**
 * `predictSgp` plus the gradients of mean and variance with respect to each input row:
 * with ∂k_j/∂x_d = −k_j (x_d − z_jd)/ℓ_d,
 *   ∂mean/∂x_d = −(1/ℓ_d)·Σ_j a_j k_j (x_d − z_jd),
 *   ∂var/∂x_d  = sign(s)·(2/ℓ_d)·Σ_j (Φk)_j k_j (x_d − z_jd),   s = σ_f − kΦkᵀ.
 */
export function predictSgpWithGradient(
  parameters: SgpParameters,
  state: SgpPredictiveState,
  x: ArrayLike<number>,
  rows: number,
  options: SgpPredictionOptions = {},
): SgpPredictionWithGradient {
  return predictInBlocks(parameters, state, x, rows, options, true) as SgpPredictionWithGradient;
}

function predictInBlocks(
  parameters: SgpParameters,
  state: SgpPredictiveState,
  x: ArrayLike<number>,
  rows: number,
  options: SgpPredictionOptions,
  withGradient: boolean,
): SgpPrediction | SgpPredictionWithGradient {
  const { threads = 1 } = options;
  const m = parameters.inducingCount;
  const dim = parameters.dim;
  const sigmaF = Math.exp(parameters.logSignalVariance);
  const noise = Math.exp(parameters.logNoiseVariance);
  const invSqrtEll = parameters.logLengthscales.map((v) => Math.exp(-0.5 * v));
  const mean = new Float64Array(rows);
  const variance = new Float64Array(rows);
  const latentVariance = new Float64Array(rows);
  const meanGradient = withGradient ? new Float64Array(rows * dim) : undefined;
  const varianceGradient = withGradient ? new Float64Array(rows * dim) : undefined;
  const ctx = linalgContext(threads);
  const mark = ctx.mark();
  try {
    const zs = scaledInputs(ctx, parameters.z, m, invSqrtEll);
    const phi = ctx.fromArray(m, m, state.phi);
    const a = state.a;
    for (let r0 = 0; r0 < rows; r0 += PREDICT_BLOCK) {
      const inner = ctx.mark();
      const count = Math.min(PREDICT_BLOCK, rows - r0);
      const xs = scaledInputs(ctx, sliceRows(x, r0, count, dim), count, invSqrtEll);
      const kxz = ctx.alloc(count, m);
      seArdCovariance(ctx, xs, zs, sigmaF, kxz);
      const y = ctx.alloc(count, m);
      gemm(ctx, kxz, phi, y);
      const signs = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        let mu = 0;
        let quad = 0;
        const r = i * m;
        for (let j = 0; j < m; j++) {
          const kv = kxz.data[r + j]!;
          mu += kv * a[j]!;
          quad += kv * y.data[r + j]!;
        }
        const s = sigmaF - quad;
        signs[i] = s >= 0 ? 1 : -1;
        mean[r0 + i] = mu;
        latentVariance[r0 + i] = Math.abs(s);
        variance[r0 + i] = Math.abs(s) + noise;
      }
      if (meanGradient && varianceGradient) {
        // Wa = K_xz ⊙ a, Wv = K_xz ⊙ (K_xzΦ); then Σ_j W_ij (xs_i − zs_j) = rowsum(W)·xs_i − (W·Zs)_i
        const wa = ctx.alloc(count, m);
        const wv = y; // overwritten in place
        const sa = new Float64Array(count);
        const sv = new Float64Array(count);
        for (let i = 0; i < count; i++) {
          const r = i * m;
          let ta = 0;
          let tv = 0;
          for (let j = 0; j < m; j++) {
            const kv = kxz.data[r + j]!;
            const va = kv * a[j]!;
            const vv = kv * y.data[r + j]!;
            wa.data[r + j] = va;
            wv.data[r + j] = vv;
            ta += va;
            tv += vv;
          }
          sa[i] = ta;
          sv[i] = tv;
        }
        const waz = ctx.alloc(count, dim);
        const wvz = ctx.alloc(count, dim);
        gemm(ctx, wa, zs, waz);
        gemm(ctx, wv, zs, wvz);
        for (let i = 0; i < count; i++) {
          for (let d = 0; d < dim; d++) {
            const xsd = xs.data[i * dim + d]!;
            const inv = invSqrtEll[d]!; // (x − z)/ℓ = (xs − zs)/√ℓ
            const o = (r0 + i) * dim + d;
            meanGradient[o] = -inv * (sa[i]! * xsd - waz.data[i * dim + d]!);
            varianceGradient[o] = 2 * signs[i]! * inv * (sv[i]! * xsd - wvz.data[i * dim + d]!);
          }
        }
      }
      ctx.release(inner);
    }
  } finally {
    ctx.release(mark);
  }
  if (meanGradient && varianceGradient) return { mean, variance, latentVariance, meanGradient, varianceGradient };
  return { mean, variance, latentVariance };
}

function sliceRows(x: ArrayLike<number>, r0: number, count: number, dim: number): ArrayLike<number> {
  if (x instanceof Float64Array || x instanceof Float32Array) return x.subarray(r0 * dim, (r0 + count) * dim);
  return Array.prototype.slice.call(x, r0 * dim, (r0 + count) * dim) as number[];
}
