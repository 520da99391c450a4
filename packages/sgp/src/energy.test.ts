import { Matrix, determinant, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { sgpEnergy } from './energy.js';
import { SgpArgumentError } from './errors.js';
import { SgpParameters } from './sgp-parameters.js';
import { lcg } from './testing/fixtures.js';

// ---------------------------------------------------------------------------------------------
// Plain reference implementation: protocol §6.4–6.5 written literally with explicit inverses
// (ml-matrix), and its gradient derived independently of the production code — in terms of
// K⁻¹, the cavity/posterior precisions Λ = K⁻¹ + β·LLᵀ and covariances S = Λ⁻¹ — then through
// the kernel element by element. Slow and straightforward on purpose.
// ---------------------------------------------------------------------------------------------

interface Problem {
  readonly p: SgpParameters;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly n: number;
}

function kernelEntry(a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bj: number, lls: ArrayLike<number>, sf: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += (a[ai * d + c]! - b[bj * d + c]!) ** 2 / Math.exp(lls[c]!);
  return sf * Math.exp(-0.5 * s);
}

function referenceEnergy(prob: Problem, c: number, jitter = 1e-3): { energy: number; grad: Float64Array } {
  const { p, x, y, n } = prob;
  const M = p.inducingCount;
  const D = p.dim;
  const B = y.length;
  const beta = (n - c) / n;
  const sf = Math.exp(p.logSignalVariance);
  const sn2 = Math.exp(p.logNoiseVariance);
  const Z = p.z;
  const lls = p.logLengthscales;
  const K = Matrix.zeros(M, M);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) K.set(i, j, kernelEntry(Z, i, Z, j, lls, sf, D) + (i === j ? jitter * sf : 0));
  const Kxz = Matrix.zeros(B, M);
  for (let i = 0; i < B; i++) for (let j = 0; j < M; j++) Kxz.set(i, j, kernelEntry(x, i, Z, j, lls, sf, D));
  const L = new Matrix(M, M);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) L.set(i, j, p.l[i * M + j]!);
  const mh = Matrix.columnVector(Array.from(p.mHat));
  const T = L.mmul(L.transpose());
  const Ki = inverse(K);
  const Lc = Ki.clone().add(T.clone().mul(beta));
  const Lp = Ki.clone().add(T);
  const Sc = inverse(Lc);
  const Sp = inverse(Lp);
  const mc = Sc.mmul(mh).mul(beta);
  const mp = Sp.mmul(mh);
  const logZ = (S: Matrix, Lam: Matrix, mv: Matrix) => (M / 2) * Math.log(2 * Math.PI) + 0.5 * Math.log(determinant(S)) + 0.5 * mv.transpose().mmul(Lam).mmul(mv).get(0, 0);
  const logZc = logZ(Sc, Lc, mc);
  const logZp = logZ(Sp, Lp, mp);
  const logZ0 = (M / 2) * Math.log(2 * Math.PI) + 0.5 * Math.log(determinant(K));
  const A = Ki.mmul(Sc).mmul(Ki).sub(Ki);
  const e = Ki.mmul(mc); // K⁻¹ m_cav
  let data = 0;
  const r: number[] = [];
  const rho: number[] = [];
  let dSn2 = 0;
  let dSf = 0;
  for (let i = 0; i < B; i++) {
    const k = Kxz.getRowVector(i);
    const mu = k.mmul(e).get(0, 0);
    const s = sf + k.mmul(A).mmul(k.transpose()).get(0, 0);
    const v = Math.abs(s) + sn2;
    data += -0.5 * Math.log(2 * Math.PI * v) - (y[i]! - mu) ** 2 / (2 * v);
    const g = -0.5 / v + (y[i]! - mu) ** 2 / (2 * v * v);
    r.push((y[i]! - mu) / v);
    rho.push(s >= 0 ? g : -g);
    dSn2 += g;
    dSf += rho[i]!;
  }
  const energy = B * (logZc - logZp + (logZp - logZ0) / n) + data;

  // ---- reference gradient ----
  const wc = B; // ∂E/∂logZc
  const wp = B * (-1 + 1 / n); // ∂E/∂logZp
  const w0 = -B / n; // ∂E/∂logZ0
  const scm = Sc.mmul(mh);
  const spm = Sp.mmul(mh);
  // ∂logZ/∂Λ = −½S − ½(S m̂)(S m̂)ᵀ·(β² for the cavity)
  const dLc = Sc.clone()
    .mul(-0.5 * wc)
    .sub(scm.mmul(scm.transpose()).mul(0.5 * beta * beta * wc));
  const dLp = Sp.clone()
    .mul(-0.5 * wp)
    .sub(spm.mmul(spm.transpose()).mul(0.5 * wp));
  const dmh = scm
    .clone()
    .mul(beta * beta * wc)
    .add(spm.clone().mul(wp));
  const dK = Ki.clone().mul(0.5 * w0);
  // data: μ = β K_xz K⁻¹ S_c m̂, s = σ_f + k A kᵀ
  const rv = Matrix.columnVector(r);
  const C = Matrix.zeros(M, M);
  for (let i = 0; i < B; i++) {
    const k = Kxz.getRowVector(i);
    C.add(k.transpose().mmul(k).mul(rho[i]!));
  }
  const ev = Ki.mmul(Sc).mmul(mh); // e/β
  const de = Kxz.transpose().mmul(rv).mul(beta);
  const dKxz = rv.mmul(ev.transpose()).mul(beta);
  for (let i = 0; i < B; i++) {
    const row = Kxz.getRowVector(i)
      .mmul(A)
      .mul(2 * rho[i]!);
    for (let j = 0; j < M; j++) dKxz.set(i, j, dKxz.get(i, j) + row.get(0, j));
  }
  let dKi = C.mmul(Ki).mmul(Sc).add(Sc.mmul(Ki).mmul(C)).sub(C);
  let dSc = Ki.mmul(C).mmul(Ki);
  dKi = dKi.add(de.mmul(scm.transpose()));
  dSc = dSc.add(Ki.mmul(de).mmul(mh.transpose()));
  dmh.add(Sc.mmul(Ki).mmul(de));
  dLc.sub(Sc.mmul(dSc).mmul(Sc));
  dKi.add(dLc).add(dLp);
  const dT = dLc.clone().mul(beta).add(dLp);
  dK.sub(Ki.mmul(dKi).mmul(Ki));
  const dL = dT.clone().add(dT.transpose()).mmul(L);

  const grad = new SgpParameters(M, D);
  for (let i = 0; i < M; i++) grad.mHat[i] = dmh.get(i, 0);
  for (let i = 0; i < M * M; i++) grad.l[i] = dL.get(Math.floor(i / M), i % M);
  grad.logNoiseVariance = sn2 * dSn2;
  let dlsf = sf * dSf;
  const dZ = grad.z;
  const dLls = grad.logLengthscales;
  // element by element through k(a, b) = σ_f exp(−½ Σ (a−b)²/ℓ)
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < M; j++) {
      const w = dKxz.get(i, j) * Kxz.get(i, j);
      dlsf += w;
      for (let c2 = 0; c2 < D; c2++) {
        const diff = x[i * D + c2]! - Z[j * D + c2]!;
        const ell = Math.exp(lls[c2]!);
        dZ[j * D + c2]! += (w * diff) / ell;
        dLls[c2]! += (0.5 * w * (diff * diff)) / ell;
      }
    }
  }
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      dlsf += dK.get(i, j) * K.get(i, j);
      if (i === j) continue;
      const w = dK.get(i, j) * K.get(i, j);
      for (let c2 = 0; c2 < D; c2++) {
        const diff = Z[i * D + c2]! - Z[j * D + c2]!;
        const ell = Math.exp(lls[c2]!);
        dZ[i * D + c2]! += (-w * diff) / ell;
        dZ[j * D + c2]! += (w * diff) / ell;
        dLls[c2]! += (0.5 * w * (diff * diff)) / ell;
      }
    }
  }
  grad.logSignalVariance = dlsf;
  return { energy, grad: grad.values };
}

function makeProblem(seed: number, M: number, D: number, B: number, n: number, lScale: number): Problem {
  const rnd = lcg(seed);
  const p = new SgpParameters(M, D);
  for (let i = 0; i < M * D; i++) p.z[i] = 2 * rnd();
  for (let i = 0; i < M; i++) p.mHat[i] = 2 * rnd();
  for (let i = 0; i < M * M; i++) p.l[i] = lScale * rnd();
  for (let c = 0; c < D; c++) p.logLengthscales[c] = Math.log(0.3 + 0.2 * c) + 0.1 * rnd();
  p.logSignalVariance = 0.2;
  p.logNoiseVariance = -1.5;
  const x = Float64Array.from({ length: B * D }, () => 2 * rnd());
  const y = Float64Array.from({ length: B }, () => 2 * rnd());
  return { p, x, y, n };
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

function blockName(p: SgpParameters, i: number): string {
  const M = p.inducingCount;
  const D = p.dim;
  if (i < M * D) return `Z[${Math.floor(i / D)},${i % D}]`;
  i -= M * D;
  if (i < M) return `mHat[${i}]`;
  i -= M;
  if (i < M * M) return `L[${Math.floor(i / M)},${i % M}]`;
  i -= M * M;
  if (i < D) return `lls[${i}]`;
  return i === D ? 'lsf' : 'lvar_noise';
}

const cases = [
  { name: 'training (c = 1), all variances positive', seed: 1, M: 6, D: 3, B: 9, n: 20, lScale: 0.6, c: 1 as const },
  { name: 'prediction (c = 0)', seed: 2, M: 5, D: 2, B: 7, n: 7, lScale: 0.8, c: 0 as const },
  { name: 'strong sites (large L)', seed: 3, M: 5, D: 2, B: 8, n: 30, lScale: 6, c: 1 as const },
  { name: 'more inducing points than the minibatch', seed: 4, M: 9, D: 4, B: 3, n: 50, lScale: 0.5, c: 1 as const },
];

describe('sgpEnergy (protocol §6.5)', () => {
  for (const tc of cases) {
    it(`${tc.name}: energy and every gradient entry equal the explicit-inverse reference`, () => {
      const prob = makeProblem(tc.seed, tc.M, tc.D, tc.B, tc.n, tc.lScale);
      const ref = referenceEnergy(prob, tc.c);
      const got = sgpEnergy(prob.p, prob.x, prob.y, { trainingSize: prob.n, cavityCount: tc.c });
      expect(relErr(got.energy, ref.energy)).toBeLessThan(1e-10);
      const g = got.gradient!.values;
      for (let i = 0; i < g.length; i++) {
        const err = Math.abs(g[i]! - ref.grad[i]!) / Math.max(1, Math.abs(ref.grad[i]!));
        if (err > 1e-8) throw new Error(`${blockName(prob.p, i)}: ${g[i]} vs reference ${ref.grad[i]}`);
      }
    });

    it(`${tc.name}: every gradient entry matches central finite differences`, () => {
      const prob = makeProblem(tc.seed, tc.M, tc.D, tc.B, tc.n, tc.lScale);
      const opts = { trainingSize: prob.n, cavityCount: tc.c };
      const g = sgpEnergy(prob.p, prob.x, prob.y, opts).gradient!.values;
      const values = prob.p.values;
      for (let i = 0; i < values.length; i++) {
        const v0 = values[i]!;
        const h = 1e-5 * Math.max(1, Math.abs(v0));
        values[i] = v0 + h;
        const ep = sgpEnergy(prob.p, prob.x, prob.y, { ...opts, gradient: false }).energy;
        values[i] = v0 - h;
        const em = sgpEnergy(prob.p, prob.x, prob.y, { ...opts, gradient: false }).energy;
        values[i] = v0;
        const fd = (ep - em) / (2 * h);
        const err = Math.abs(fd - g[i]!) / Math.max(1, Math.abs(fd));
        if (err > 1e-6) throw new Error(`${blockName(prob.p, i)}: analytic ${g[i]} vs finite difference ${fd}`);
      }
    });
  }

  it('gives the same energy and gradient on 1 and 2 threads', () => {
    const prob = makeProblem(7, 40, 5, 60, 100, 0.3);
    const a = sgpEnergy(prob.p, prob.x, prob.y, { trainingSize: 100, threads: 1 });
    const b = sgpEnergy(prob.p, prob.x, prob.y, { trainingSize: 100, threads: 2 });
    expect(relErr(a.energy, b.energy)).toBeLessThan(1e-12);
    const ga = a.gradient!.values;
    const gb = b.gradient!.values;
    for (let i = 0; i < ga.length; i++) expect(relErr(ga[i]!, gb[i]!)).toBeLessThan(1e-10);
  });

  it('rejects mismatched shapes and impossible training sizes, naming the argument', () => {
    const prob = makeProblem(1, 4, 2, 5, 10, 0.5);
    expect(() => sgpEnergy(prob.p, prob.x.subarray(1), prob.y, { trainingSize: 10 })).toThrow(SgpArgumentError);
    expect(() => sgpEnergy(prob.p, prob.x.subarray(1), prob.y, { trainingSize: 10 })).toThrow(/@opnas\/sgp: x has 9 values/);
    expect(() => sgpEnergy(prob.p, prob.x, prob.y, { trainingSize: 3 })).toThrow(/trainingSize/);
  });
});
