import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { batchedGreedyEi } from './batched-greedy-ei.js';
import { logExpectedImprovement } from './expected-improvement.js';
import { GpSurface } from './gp-surface.js';
import { lbfgsb } from '@opnas/lbfgsb';
import { invert, randomPosterior, seKernel } from './synthetic-posterior.test-util.js';

/**
 * protocol §7.3 written the plain way, as the reference does it: every variance evaluation builds
 * Ẑ = [Z; X_sel] and inverts k(Ẑ, Ẑ) + 1e-3σ_f I afresh; gradients by central differences.
 */
function referenceBatch(posteriorSeed: number, q: number, gridSize: number, seed: number) {
  const { posterior } = randomPosterior(12, 2, posteriorSeed);
  const surface = new GpSurface(posterior);
  const { logLengthscales: lls, logSignalVariance: lsf } = posterior;
  const sf = Math.exp(lsf);
  const z = Array.from({ length: 12 }, (_, j) => Array.from(posterior.inducing.subarray(j * 2, j * 2 + 2)));
  const lower = [0, 0];
  const upper = [1, 1];
  const rng = new PythonRandom(seed);
  const grid = Array.from({ length: gridSize }, () => [0, 1].map((d) => lower[d]! + rng.random() * (upper[d]! - lower[d]!)));
  const mean = (x: ArrayLike<number>) => surface.mean(x).value;
  const withGradient = (f: (x: number[]) => number) => (x: Float64Array, g: Float64Array) => {
    const p = Array.from(x);
    for (let d = 0; d < p.length; d++) {
      const up = [...p];
      const down = [...p];
      up[d]! += 1e-7;
      down[d]! -= 1e-7;
      g[d] = (f(up) - f(down)) / 2e-7;
    }
    return f(p);
  };
  const opts = { lower, upper, maxIterations: 150 };
  let i0 = 0;
  grid.forEach((p, i) => {
    if (mean(p) < mean(grid[i0]!)) i0 = i;
  });
  const eta = lbfgsb(withGradient(mean), grid[i0]!, opts).f;
  const selected: number[][] = [];
  const variance = (x: number[]): number => {
    if (selected.length === 0) return surface.variance(x).value;
    const zHat = [...z, ...selected];
    const inv = invert(zHat.map((a, i) => zHat.map((b, j) => seKernel(a, b, lls, lsf) + (i === j ? 1e-3 * sf : 0))));
    const k = zHat.map((b) => seKernel(x, b, lls, lsf));
    let s = 0;
    for (let i = 0; i < k.length; i++) for (let j = 0; j < k.length; j++) s += k[i]! * inv[i]![j]! * k[j]!;
    return sf - s;
  };
  const negLogEi = (x: number[]) => -logExpectedImprovement(mean(x), variance(x), eta).value;
  for (let k = 0; k < q; k++) {
    let best = 0;
    const values = grid.map(negLogEi);
    values.forEach((v, i) => {
      if (v < values[best]!) best = i;
    });
    selected.push(Array.from(lbfgsb(withGradient(negLogEi), grid[best]!, opts).x));
  }
  return { posterior, eta, selected };
}

describe('batchedGreedyEi', () => {
  it('selects the same batch as a plain implementation of protocol §7.3', () => {
    const ref = referenceBatch(3, 4, 400, 21);
    const got = batchedGreedyEi(ref.posterior, { lower: Float64Array.of(0, 0), upper: Float64Array.of(1, 1) }, { batchSize: 4, gridSize: 400, seed: 21 });
    expect(got.incumbent).toBeCloseTo(ref.eta, 8);
    expect(got.points).toHaveLength(4);
    got.points.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(ref.selected[i]![0]!, 4);
      expect(p[1]).toBeCloseTo(ref.selected[i]![1]!, 4);
    });
  });

  it('returns distinct points inside the box, each at least as good as the best grid point', () => {
    const { posterior } = randomPosterior(20, 3, 8);
    const box = { lower: Float64Array.of(0.1, 0, 0.2), upper: Float64Array.of(0.9, 1, 0.6) };
    const r = batchedGreedyEi(posterior, box, { batchSize: 6, gridSize: 500, seed: 4 });
    for (const p of r.points) for (let d = 0; d < 3; d++) expect(p[d]! >= box.lower[d]! && p[d]! <= box.upper[d]!).toBe(true);
    for (let i = 0; i < r.points.length; i++) {
      for (let j = 0; j < i; j++) {
        const dist = Math.hypot(...Array.from(r.points[i]!, (v, d) => v - r.points[j]![d]!));
        expect(dist).toBeGreaterThan(1e-4);
      }
    }
    // η is no larger than the predicted mean at any selected point's neighbourhood minimum
    const surface = new GpSurface(posterior);
    for (const p of r.points) expect(surface.mean(p).value).toBeGreaterThanOrEqual(r.incumbent - 1e-9);
  });

  it('is reproducible for a seed and changes with it', () => {
    const { posterior } = randomPosterior(10, 2, 2);
    const box = { lower: Float64Array.of(0, 0), upper: Float64Array.of(1, 1) };
    const a = batchedGreedyEi(posterior, box, { batchSize: 3, gridSize: 200, seed: 5 });
    const b = batchedGreedyEi(posterior, box, { batchSize: 3, gridSize: 200, seed: 5 });
    const c = batchedGreedyEi(posterior, box, { batchSize: 3, gridSize: 200, seed: 6, acquisition: 'ucb' });
    expect(a.points).toEqual(b.points);
    expect(c.points).not.toEqual(a.points);
    expect(Number.isNaN(c.incumbent)).toBe(true);
  });

  it('rejects a box of the wrong dimension and a bad batch size', () => {
    const { posterior } = randomPosterior(5, 2, 1);
    expect(() => batchedGreedyEi(posterior, { lower: Float64Array.of(0), upper: Float64Array.of(1) })).toThrow(/box has 1\/1 bounds but the posterior has D = 2/);
    expect(() => batchedGreedyEi(posterior, { lower: Float64Array.of(0, 0), upper: Float64Array.of(1, 1) }, { batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
  });
});
