import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { GpSurface } from './gp-surface.js';
import { PosteriorFunctionSampler, batchedThompsonSampling } from './thompson-sampling.js';
import { invert, randomPosterior, seKernel } from './synthetic-posterior.test-util.js';

describe('PosteriorFunctionSampler', () => {
  it('draws weights with mean a and covariance K⁻¹ − Φ (checked on f̃ at a probe point)', () => {
    const { posterior } = randomPosterior(6, 2, 12);
    const surface = new GpSurface(posterior);
    const sampler = new PosteriorFunctionSampler(surface);
    const { logLengthscales: lls, logSignalVariance: lsf } = posterior;
    const z = Array.from({ length: 6 }, (_, j) => Array.from(posterior.inducing.subarray(2 * j, 2 * j + 2)));
    const kinv = invert(z.map((a, i) => z.map((b, j) => seKernel(a, b, lls, lsf) + (i === j ? 1e-3 * Math.exp(lsf) : 0))));
    const probe = [0.45, 0.55];
    const k = z.map((b) => seKernel(probe, b, lls, lsf));
    const mean = k.reduce((s, v, j) => s + v * posterior.meanWeights[j]!, 0);
    let variance = 0;
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) variance += k[i]! * (kinv[i]![j]! - posterior.varianceWeights[i * 6 + j]!) * k[j]!;
    const rng = new PythonRandom(1);
    const n = 4000;
    let s1 = 0;
    let s2 = 0;
    for (let t = 0; t < n; t++) {
      const w = sampler.sample(rng);
      const f = k.reduce((s, v, j) => s + v * w[j]!, 0);
      s1 += f;
      s2 += f * f;
    }
    const m = s1 / n;
    const v = s2 / n - m * m;
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
    // sample variance of a normal: sd ≈ v·√(2/n) ≈ 2.2 % at n = 4000
    expect(Math.abs(v / variance - 1)).toBeLessThan(0.12);
  });
});

describe('batchedThompsonSampling', () => {
  it('returns q points in the box, each a local minimum of its sample no worse than the grid', () => {
    const { posterior } = randomPosterior(15, 2, 3);
    const box = { lower: Float64Array.of(0, 0.2), upper: Float64Array.of(1, 0.8) };
    const a = batchedThompsonSampling(posterior, box, { batchSize: 5, gridSize: 300, seed: 2 });
    const b = batchedThompsonSampling(posterior, box, { batchSize: 5, gridSize: 300, seed: 2 });
    expect(a.points).toHaveLength(5);
    expect(a.points).toEqual(b.points);
    for (const p of a.points) for (let d = 0; d < 2; d++) expect(p[d]! >= box.lower[d]! && p[d]! <= box.upper[d]!).toBe(true);
    // independent samples land in different places
    expect(new Set(a.points.map((p) => p.join())).size).toBeGreaterThan(1);
  });
});
