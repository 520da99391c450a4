import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { predictSgp, predictSgpWithGradient, sgpPredictiveState } from './sgp-prediction.js';
import { SgpParameters } from './sgp-parameters.js';
import { lcg } from './testing/fixtures.js';

describe('predictSgp (protocol §6.4 with c = 0)', () => {
  it('equals the explicit-inverse formulas mean = k K⁻¹ m_post, var = |σ_f + k(K⁻¹SK⁻¹ − K⁻¹)kᵀ| + σ_n²', () => {
    const rnd = lcg(11);
    const m = 7;
    const d = 3;
    const t = 2500; // more than one prediction block
    const p = new SgpParameters(m, d);
    for (let i = 0; i < m * d; i++) p.z[i] = 2 * rnd();
    for (let i = 0; i < m; i++) p.mHat[i] = 3 * rnd();
    for (let i = 0; i < m * m; i++) p.l[i] = rnd();
    p.logLengthscales.set([0.1, -0.3, 0.4]);
    p.logSignalVariance = 0.3;
    p.logNoiseVariance = -2;
    const x = Float64Array.from({ length: t * d }, () => 2 * rnd());
    const pred = predictSgp(p, sgpPredictiveState(p, { threads: 2 }), x, t, { threads: 2 });

    const sf = Math.exp(0.3);
    const k = (a: ArrayLike<number>, i: number, j: number) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += (a[i * d + c]! - p.z[j * d + c]!) ** 2 / Math.exp(p.logLengthscales[c]!);
      return sf * Math.exp(-0.5 * s);
    };
    const K = new Matrix(m, m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) K.set(i, j, k(p.z, i, j) + (i === j ? 1e-3 * sf : 0));
    const L = new Matrix(m, m);
    for (let i = 0; i < m * m; i++) L.set(Math.floor(i / m), i % m, p.l[i]!);
    const Ki = inverse(K);
    const S = inverse(Ki.clone().add(L.mmul(L.transpose())));
    const mPost = S.mmul(Matrix.columnVector(Array.from(p.mHat)));
    const A = Ki.mmul(S).mmul(Ki).sub(Ki);
    for (const r of [0, 1, 777, 2047, 2048, 2499]) {
      const kx = new Matrix(1, m);
      for (let j = 0; j < m; j++) kx.set(0, j, k(x, r, j));
      const mean = kx.mmul(Ki).mmul(mPost).get(0, 0);
      const latent = Math.abs(sf + kx.mmul(A).mmul(kx.transpose()).get(0, 0));
      expect(pred.mean[r]).toBeCloseTo(mean, 9);
      expect(pred.latentVariance[r]).toBeCloseTo(latent, 9);
      expect(pred.variance[r]).toBeCloseTo(latent + Math.exp(-2), 9);
    }
  });
});

describe('predictSgpWithGradient', () => {
  it('matches predictSgp and central finite differences of mean and variance in every input coordinate', () => {
    const rnd = lcg(5);
    const m = 9;
    const d = 3;
    const t = 4;
    const p = new SgpParameters(m, d);
    for (let i = 0; i < m * d; i++) p.z[i] = 2 * rnd();
    for (let i = 0; i < m; i++) p.mHat[i] = 3 * rnd();
    for (let i = 0; i < m * m; i++) p.l[i] = rnd();
    p.logLengthscales.set([0.2, -0.5, 0.1]);
    p.logSignalVariance = -0.2;
    p.logNoiseVariance = -1;
    const state = sgpPredictiveState(p);
    const x = Float64Array.from({ length: t * d }, () => 2 * rnd());
    const got = predictSgpWithGradient(p, state, x, t);
    const plain = predictSgp(p, state, x, t);
    expect(Array.from(got.mean)).toEqual(Array.from(plain.mean));
    expect(Array.from(got.variance)).toEqual(Array.from(plain.variance));
    // not a vacuous check: the gradients are far from zero
    expect(Math.max(...got.meanGradient.map(Math.abs))).toBeGreaterThan(0.1);
    expect(Math.max(...got.varianceGradient.map(Math.abs))).toBeGreaterThan(0.01);
    for (let i = 0; i < t; i++) {
      for (let c = 0; c < d; c++) {
        const h = 1e-6;
        const xp = Float64Array.from(x);
        const xm = Float64Array.from(x);
        xp[i * d + c]! += h;
        xm[i * d + c]! -= h;
        const pp = predictSgp(p, state, xp, t);
        const pm = predictSgp(p, state, xm, t);
        expect(got.meanGradient[i * d + c]).toBeCloseTo((pp.mean[i]! - pm.mean[i]!) / (2 * h), 7);
        expect(got.varianceGradient[i * d + c]).toBeCloseTo((pp.variance[i]! - pm.variance[i]!) / (2 * h), 7);
      }
    }
  });
});
