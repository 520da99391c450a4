import { PythonRandom } from '@opnas/rng';
import { SparseGp } from '@opnas/sgp';
import { describe, expect, it } from 'vitest';
import { GpSurface } from './gp-surface.js';
import { sparseGpPosterior } from './sparse-gp-posterior.js';
import { randomPosterior, seKernel } from './synthetic-posterior.test-util.js';

function finiteDifference(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let d = 0; d < x.length; d++) {
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    up[d]! += h;
    down[d]! -= h;
    g[d] = (f(up) - f(down)) / (2 * h);
  }
  return g;
}

describe('GpSurface', () => {
  const { posterior } = randomPosterior(25, 3);
  const surface = new GpSurface(posterior);

  it('computes mean and variance as k_x a and σ_f − k_x Φ k_xᵀ', () => {
    const x = [0.2, 0.7, 0.4];
    const k = Array.from({ length: 25 }, (_, j) => seKernel(x, posterior.inducing.subarray(j * 3, j * 3 + 3), posterior.logLengthscales, posterior.logSignalVariance));
    const mean = k.reduce((s, v, j) => s + v * posterior.meanWeights[j]!, 0);
    let quad = 0;
    for (let i = 0; i < 25; i++) for (let j = 0; j < 25; j++) quad += k[i]! * posterior.varianceWeights[i * 25 + j]! * k[j]!;
    expect(surface.mean(x).value).toBeCloseTo(mean, 13);
    expect(surface.variance(x).value).toBeCloseTo(Math.exp(posterior.logSignalVariance) - quad, 13);
  });

  it('has mean and variance gradients that match finite differences', () => {
    const rng = new PythonRandom(3);
    for (let t = 0; t < 5; t++) {
      const x = Float64Array.from({ length: 3 }, () => rng.random());
      const gm = finiteDifference((p) => surface.mean(p).value, x);
      const gv = finiteDifference((p) => surface.variance(p).value, x);
      surface.mean(x).gradient.forEach((v, d) => expect(v).toBeCloseTo(gm[d]!, 7));
      surface.variance(x).gradient.forEach((v, d) => expect(v).toBeCloseTo(gv[d]!, 7));
    }
  });

  it('evaluates many rows at once with the same numbers as the pointwise path', () => {
    const rng = new PythonRandom(4);
    const rows = 17;
    const pts = Float64Array.from({ length: rows * 3 }, () => rng.random());
    const kxz = surface.crossCovariance(pts, rows, 30);
    const { mean, variance } = surface.meanAndVarianceFromCrossCovariance(kxz, rows, 30);
    for (let i = 0; i < rows; i++) {
      const p = pts.subarray(i * 3, i * 3 + 3);
      expect(mean[i]).toBeCloseTo(surface.mean(p).value, 13);
      // σ_f − kΦk cancels to ≈ 1e-2 here, so compare absolutely at 1e-11
      expect(variance[i]).toBeCloseTo(surface.variance(p).value, 11);
    }
  });

  it('rejects a posterior with inconsistent shapes', () => {
    expect(() => new GpSurface({ ...posterior, meanWeights: new Float64Array(3) })).toThrow(/posterior.meanWeights has 3 values, expected 25/);
  });
});

describe('sparseGpPosterior', () => {
  it("reproduces a fitted SparseGp's predictive mean and latent variance", async () => {
    const rng = new PythonRandom(11);
    const n = 80;
    const dim = 3;
    const x = Float64Array.from({ length: n * dim }, () => rng.random());
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(3 * x[i * dim]!) + x[i * dim + 1]! ** 2 - 0.5);
    const gp = new SparseGp({ inducingPoints: 12, epochs: 3, minibatchSize: 40, seed: 2, threads: 1 });
    await gp.fit({ rows: n, cols: dim, data: x }, y);
    const surface = new GpSurface(sparseGpPosterior(gp));
    const test = Float64Array.from({ length: 10 * dim }, () => rng.random());
    const p = gp.predict({ rows: 10, cols: dim, data: test });
    for (let i = 0; i < 10; i++) {
      const pt = test.subarray(i * dim, (i + 1) * dim);
      expect(surface.mean(pt).value).toBeCloseTo(p.mean[i]!, 9);
      // the SGP reports |σ_f − kΦk|; the surface keeps the sign (protocol §7.3: no abs)
      expect(Math.abs(surface.variance(pt).value)).toBeCloseTo(p.latentVariance[i]!, 9);
    }
  });
});
