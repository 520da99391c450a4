import { SgpArgumentError, SgpNumericalError } from './errors.js';
import { gemm } from './gemm.js';
import { type LinalgContext, type Mat, linalgContext } from './linalg-context.js';
import { accumulateCrossCovarianceGradient, accumulateInducingCovarianceGradient, scaledInputs, seArdCovariance } from './se-ard-kernel.js';
import { SgpParameters } from './sgp-parameters.js';
import { spdInverseInPlace } from './spd-inverse.js';

/** Options of `sgpEnergy`. */
export interface SgpEnergyOptions {
  /** N, the number of training points the model stands for (all of them, not the minibatch). */
  readonly trainingSize: number;
  /**
   * c in the cavity's (N − c)/N: 1 while training, 0 at prediction time (protocol §6.4; the
   * reference's `setForTraining` passes it as a compile-time constant). Default 1.
   */
  readonly cavityCount?: 0 | 1;
  /** Relative jitter: K = k(Z, Z) + jitter·σ_f·I. Default 1e-3 (protocol §6.4). */
  readonly jitter?: number;
  /** Also compute the gradient of the energy with respect to every parameter. Default true. */
  readonly gradient?: boolean;
  /** Threads for the matrix kernels (main + helpers). Default 1. */
  readonly threads?: number;
  /**
   * Write the gradient into this (same M and D; it is overwritten) instead of allocating one —
   * training reuses one buffer for its 1,800 steps.
   */
  readonly gradientInto?: SgpParameters;
}

/** The energy E of protocol §6.5 (to be maximised) and, when asked, ∂E/∂θ in the parameter layout. */
export interface SgpEnergy {
  readonly energy: number;
  readonly gradient?: SgpParameters;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * The stochastic Power-EP energy (α = 1) of the pseudo-point GP on one minibatch (protocol §6.5):
 *
 *   E = |B|·[(logZ_cav − logZ_post) + (logZ_post − logZ_prior)/N] + Σ_{i∈B} log N(y_i; μ_i, v_i)
 *
 * with the cavity S_cav⁻¹ = K⁻¹ + β·LLᵀ, m_cav = S_cav·β·m̂, β = (N − c)/N, and the
 * predictive μ_i = k_i K⁻¹ m_cav, v_i = |σ_f + k_i (K⁻¹S_cavK⁻¹ − K⁻¹) k_iᵀ| + σ_n².
 *
 * How it is computed (also in the README, under `sgpEnergy`): with G = LᵀKL, u = LᵀK m̂ and
 * P_β = I + β·G, Woodbury turns every K⁻¹ away —
 *
 *   log|S_β| = log|K| − log|P_β|,   m̂ᵀS_β m̂ = m̂ᵀK m̂ − β·uᵀP_β⁻¹u,
 *   K⁻¹S_cavK⁻¹ − K⁻¹ = −β·L P_c⁻¹ Lᵀ,   K⁻¹m_cav = β·m̂ − β²·L P_c⁻¹ u,
 *
 * and the three log|K| terms cancel. So only P_c and P_p = I + G (eigenvalues ≥ 1, well
 * conditioned whatever K is) are factorised; K is never inverted. Their inverses are formed
 * because they *are* the gradients of the log-determinants; everything else is products.
 *
 * The gradient is hand-derived reverse mode through those formulas (no Cholesky backward is
 * needed: ∂log|P|/∂P = P⁻¹ and ∂(uᵀP⁻¹u)/∂P = −P⁻¹uuᵀP⁻¹), then through the kernel to Z,
 * lls and lsf. Tests check it against finite differences and against a plain reference
 * implementation with explicit inverses.
 *
 * @param x minibatch inputs, row-major |B| × D.
 * @param y minibatch targets, length |B|.
 */
export function sgpEnergy(parameters: SgpParameters, x: ArrayLike<number>, y: ArrayLike<number>, options: SgpEnergyOptions): SgpEnergy {
  const m = parameters.inducingCount;
  const dim = parameters.dim;
  const b = y.length;
  const { trainingSize: n, cavityCount = 1, jitter = 1e-3, gradient: wantGradient = true, threads = 1 } = options;
  if (x.length !== b * dim) {
    throw new SgpArgumentError(`@opnas/sgp: x has ${x.length} values but y has ${b} rows of D = ${dim}`, 'x');
  }
  if (b === 0) throw new SgpArgumentError('@opnas/sgp: the minibatch y is empty', 'y');
  if (!(Number.isInteger(n) && n >= b && n > cavityCount)) {
    throw new SgpArgumentError(`@opnas/sgp: trainingSize must be an integer ≥ the minibatch size ${b}, got ${n}`, 'trainingSize');
  }
  const ctx = linalgContext(threads);
  const mark = ctx.mark();
  try {
    const into = options.gradientInto;
    if (into && (into.inducingCount !== m || into.dim !== dim)) {
      throw new SgpArgumentError(`@opnas/sgp: gradientInto is for M = ${into.inducingCount}, D = ${into.dim}, not M = ${m}, D = ${dim}`, 'gradientInto');
    }
    return energyInArena(ctx, parameters, x, y, n, cavityCount, jitter, wantGradient, into);
  } finally {
    ctx.release(mark);
  }
}

function energyInArena(
  ctx: LinalgContext,
  parameters: SgpParameters,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  c: number,
  jitter: number,
  wantGradient: boolean,
  into: SgpParameters | undefined,
): SgpEnergy {
  const m = parameters.inducingCount;
  const dim = parameters.dim;
  const bsz = y.length;
  const beta = (n - c) / n;
  const gamma = 1 - 1 / n;
  const lls = parameters.logLengthscales;
  const mHat = parameters.mHat;
  const sigmaF = Math.exp(parameters.logSignalVariance);
  const noise = Math.exp(parameters.logNoiseVariance);
  const invSqrtEll = lls.map((v) => Math.exp(-0.5 * v));

  // ---- kernel matrices ----
  const zs = scaledInputs(ctx, parameters.z, m, invSqrtEll);
  const xs = scaledInputs(ctx, x, bsz, invSqrtEll);
  const kzz = ctx.alloc(m, m);
  seArdCovariance(ctx, zs, zs, sigmaF, kzz, true);
  for (let i = 0; i < m; i++) kzz.data[i * m + i]! += jitter * sigmaF; // kzz is now K
  const kxz = ctx.alloc(bsz, m);
  seArdCovariance(ctx, xs, zs, sigmaF, kxz);

  // ---- global terms ----
  const l = ctx.fromArray(m, m, parameters.l);
  const kl = ctx.alloc(m, m);
  gemm(ctx, kzz, l, kl);
  const g = ctx.alloc(m, m);
  gemm(ctx, l, kl, g, { transA: true, symmetric: true });
  const u = new Float64Array(m); // u = Lᵀ K m̂ = (KL)ᵀ m̂
  const kmh = new Float64Array(m); // K m̂
  for (let i = 0; i < m; i++) {
    const mi = mHat[i]!;
    const r = i * m;
    let s = 0;
    for (let j = 0; j < m; j++) {
      u[j]! += kl.data[r + j]! * mi;
      s += kzz.data[r + j]! * mHat[j]!;
    }
    kmh[i] = s;
  }
  let q = 0;
  for (let i = 0; i < m; i++) q += mHat[i]! * kmh[i]!;

  const sameCavity = beta === 1;
  const pc = ctx.alloc(m, m);
  const hc = ctx.alloc(m, m); // P_c⁻¹
  for (let i = 0; i < m * m; i++) pc.data[i] = beta * g.data[i]!;
  for (let i = 0; i < m; i++) pc.data[i * m + i]! += 1;
  const { logDet: logDetC } = spdInverseInPlace(ctx, pc, hc, 'the cavity matrix I + β·LᵀKL');
  let logDetP = logDetC;
  let hp = hc; // P_p⁻¹
  if (!sameCavity) {
    const pp = ctx.alloc(m, m);
    hp = ctx.alloc(m, m);
    for (let i = 0; i < m * m; i++) pp.data[i] = g.data[i]!;
    for (let i = 0; i < m; i++) pp.data[i * m + i]! += 1;
    logDetP = spdInverseInPlace(ctx, pp, hp, 'the posterior matrix I + LᵀKL').logDet;
  }
  const hcu = matVec(hc, u);
  const hpu = sameCavity ? hcu : matVec(hp, u);
  const uHcu = dot(u, hcu);
  const uHpu = dot(u, hpu);
  const globalEnergy = (bsz / 2) * (-logDetC + gamma * logDetP + (beta * beta - gamma) * q - beta ** 3 * uHcu + gamma * uHpu);

  // ---- predictive terms: a = K⁻¹m_cav, Φ = L P_c⁻¹ Lᵀ ----
  const j = ctx.alloc(m, m);
  gemm(ctx, l, hc, j);
  const phi = ctx.alloc(m, m);
  gemm(ctx, j, l, phi, { transB: true, symmetric: true });
  const a = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    const r = i * m;
    for (let k = 0; k < m; k++) s += l.data[r + k]! * hcu[k]!;
    a[i] = beta * mHat[i]! - beta * beta * s;
  }
  const yk = ctx.alloc(bsz, m); // K_xz Φ
  gemm(ctx, kxz, phi, yk);
  const mu = new Float64Array(bsz);
  const sv = new Float64Array(bsz); // σ_f + k A kᵀ before |·|
  let dataEnergy = 0;
  for (let i = 0; i < bsz; i++) {
    const r = i * m;
    let mean = 0;
    let quad = 0;
    for (let k = 0; k < m; k++) {
      const kv = kxz.data[r + k]!;
      mean += kv * a[k]!;
      quad += kv * yk.data[r + k]!;
    }
    mu[i] = mean;
    // In exact arithmetic σ_f + kAkᵀ ≥ σ_f − kK⁻¹kᵀ > 0 (S_cav ≻ 0, jitter > 0); the reference
    // still takes |·| against round-off, and so do we (gradient through sign(s)).
    sv[i] = sigmaF - beta * quad;
    const v = Math.abs(sv[i]!) + noise;
    const e = y[i]! - mean;
    dataEnergy += -0.5 * LOG_2PI - 0.5 * Math.log(v) - (e * e) / (2 * v);
  }
  const energy = globalEnergy + dataEnergy;
  if (!Number.isFinite(energy)) throw new SgpNumericalError(`@opnas/sgp: the energy is not finite (${energy})`);
  if (!wantGradient) return { energy };

  // ================= reverse mode =================
  const grad = into ?? new SgpParameters(m, dim);
  grad.values.fill(0);
  const dZ = grad.z;
  const dMHat = grad.mHat;
  const dLls = grad.logLengthscales;

  // data term: r = ∂/∂μ, gv = ∂/∂v, rho = ∂/∂s (through |s|)
  const r = new Float64Array(bsz);
  const rho = new Float64Array(bsz);
  let dNoise = 0;
  let dSigmaFDirect = 0;
  for (let i = 0; i < bsz; i++) {
    const v = Math.abs(sv[i]!) + noise;
    const e = y[i]! - mu[i]!;
    const gv = -0.5 / v + (e * e) / (2 * v * v);
    r[i] = e / v;
    rho[i] = sv[i]! >= 0 ? gv : -gv;
    dNoise += gv;
    dSigmaFDirect += rho[i]!;
  }
  // da = K_xzᵀ r ; C = K_xzᵀ diag(ρ) K_xz (dΦ = −β·C)
  const da = new Float64Array(m);
  const kxzRho = ctx.alloc(bsz, m);
  for (let i = 0; i < bsz; i++) {
    const row = i * m;
    const ri = r[i]!;
    const pi = rho[i]!;
    for (let k = 0; k < m; k++) {
      const kv = kxz.data[row + k]!;
      da[k]! += kv * ri;
      kxzRho.data[row + k] = kv * pi;
    }
  }
  const cm = ctx.alloc(m, m);
  gemm(ctx, kxz, kxzRho, cm, { transA: true, symmetric: true });
  // dK_xz = r aᵀ − 2β·diag(ρ)·K_xzΦ, then W1 = dK_xz ⊙ K_xz, overwriting yk
  let sumW1 = 0;
  for (let i = 0; i < bsz; i++) {
    const row = i * m;
    const ri = r[i]!;
    const pi = -2 * beta * rho[i]!;
    for (let k = 0; k < m; k++) {
      const w = (ri * a[k]! + pi * yk.data[row + k]!) * kxz.data[row + k]!;
      yk.data[row + k] = w;
      sumW1 += w;
    }
  }
  const w1 = yk;

  // through a = β m̂ − β² L P_c⁻¹u
  const dL = ctx.alloc(m, m);
  for (let i = 0; i < m; i++) {
    dMHat[i]! += beta * da[i]!;
    const s = -beta * beta * da[i]!;
    const row = i * m;
    for (let k = 0; k < m; k++) dL.data[row + k] = s * hcu[k]!;
  }
  const dHcu = new Float64Array(m); // −β² Lᵀ da
  for (let i = 0; i < m; i++) {
    const s = -beta * beta * da[i]!;
    const row = i * m;
    for (let k = 0; k < m; k++) dHcu[k]! += l.data[row + k]! * s;
  }

  // through Φ = L P_c⁻¹ Lᵀ with dΦ = −β·C: T1 = dΦ·J; dL += 2·T1; dG = −β·Jᵀ·T1
  const t1 = ctx.alloc(m, m);
  gemm(ctx, cm, j, t1, { alpha: -beta });
  for (let i = 0; i < m * m; i++) dL.data[i]! += 2 * t1.data[i]!;
  const dG = ctx.alloc(m, m);
  gemm(ctx, j, t1, dG, { transA: true, alpha: -beta, symmetric: true });

  // global term and the P_c⁻¹u path of a
  const v = matVec(hc, dHcu); // P_c⁻¹ · ∂/∂(P_c⁻¹u)
  const halfB = bsz / 2;
  const beta4 = beta ** 4;
  for (let i = 0; i < m; i++) {
    const row = i * m;
    const hci = hcu[i]!;
    const hpi = hpu[i]!;
    const vi = v[i]!;
    for (let k = 0; k < m; k++) {
      dG.data[row + k]! +=
        halfB * (-beta * hc.data[row + k]! + gamma * hp.data[row + k]! + beta4 * hci * hcu[k]! - gamma * hpi * hpu[k]!) - 0.5 * beta * (vi * hcu[k]! + hci * v[k]!);
    }
  }
  const du = new Float64Array(m);
  for (let i = 0; i < m; i++) du[i] = bsz * (-(beta ** 3) * hcu[i]! + gamma * hpu[i]!) + v[i]!;
  const dq = halfB * (beta * beta - gamma);

  // through G = LᵀKL, u = LᵀK m̂, q = m̂ᵀK m̂
  const w = matVec(l, du); // L du
  const t2 = ctx.alloc(m, m);
  gemm(ctx, l, dG, t2);
  const dK = ctx.alloc(m, m);
  gemm(ctx, t2, l, dK, { transB: true, symmetric: true });
  gemm(ctx, kl, dG, dL, { alpha: 2, beta: 1 });
  const kw = matVec(kzz, w);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    const wi = w[i]!;
    const mi = mHat[i]!;
    const kmi = kmh[i]!;
    for (let k = 0; k < m; k++) {
      dK.data[row + k]! += 0.5 * (wi * mHat[k]! + mi * w[k]!) + dq * mi * mHat[k]!;
      dL.data[row + k]! += kmi * du[k]!;
    }
    dMHat[i]! += kw[i]! + 2 * dq * kmi;
  }
  grad.l.set(dL.data);

  // kernel chain: lsf from every entry (jitter included), Z and lls from the kernel part
  let sumDkK = 0;
  for (let i = 0; i < m * m; i++) {
    const wv = dK.data[i]! * kzz.data[i]!;
    sumDkK += wv;
    dK.data[i] = wv; // W2 = dK ⊙ K; its diagonal never matters (zero distance)
  }
  grad.logSignalVariance = sigmaF * dSigmaFDirect + sumW1 + sumDkK;
  grad.logNoiseVariance = noise * dNoise;
  accumulateCrossCovarianceGradient(ctx, w1, xs, zs, invSqrtEll, dZ, dLls);
  accumulateInducingCovarianceGradient(ctx, dK, zs, invSqrtEll, dZ, dLls);
  return { energy, gradient: grad };
}

function matVec(a: Mat, x: Float64Array): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    const r = i * a.ld;
    for (let k = 0; k < a.cols; k++) s += a.data[r + k]! * x[k]!;
    out[i] = s;
  }
  return out;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
