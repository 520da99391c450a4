import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { CandidateSet } from './candidate-set.js';
import { GpSurface } from './gp-surface.js';
import { ShrunkVariance } from './shrunk-variance.js';
import { invert, randomPosterior, seKernel } from './synthetic-posterior.test-util.js';

/** v′(x) = σ_f − k(x, Ẑ)(k(Ẑ, Ẑ) + 1e-3σ_f I)⁻¹k(Ẑ, x) with an explicit inverse (protocol §7.3, as the reference computes it). */
function referenceShrunk(x: number[], zHat: number[][], lls: Float64Array, lsf: number): number {
  const sf = Math.exp(lsf);
  const k = zHat.map((a, i) => zHat.map((b, j) => seKernel(a, b, lls, lsf) + (i === j ? 1e-3 * sf : 0)));
  const inv = invert(k);
  const kx = zHat.map((z) => seKernel(x, z, lls, lsf));
  let q = 0;
  for (let i = 0; i < kx.length; i++) for (let j = 0; j < kx.length; j++) q += kx[i]! * inv[i]![j]! * kx[j]!;
  return sf - q;
}

describe('ShrunkVariance', () => {
  const { posterior } = randomPosterior(15, 2, 5);
  const surface = new GpSurface(posterior);
  const z = Array.from({ length: 15 }, (_, j) => Array.from(posterior.inducing.subarray(j * 2, j * 2 + 2)));
  const rng = new PythonRandom(9);
  const selected = Array.from({ length: 3 }, () => [rng.random(), rng.random()]);

  it('matches the explicit-inverse formula before and after Cholesky appends', () => {
    const shrunk = new ShrunkVariance(surface, 15 + 3);
    const probe = [0.41, 0.63];
    expect(shrunk.at(probe).value).toBeCloseTo(referenceShrunk(probe, z, posterior.logLengthscales, posterior.logSignalVariance), 12);
    for (let i = 0; i < 3; i++) {
      shrunk.append(selected[i]!);
      const zHat = [...z, ...selected.slice(0, i + 1)];
      expect(shrunk.count).toBe(16 + i);
      for (const p of [probe, [0.05, 0.95], selected[i]!]) {
        expect(shrunk.at(p).value).toBeCloseTo(referenceShrunk(p, zHat, posterior.logLengthscales, posterior.logSignalVariance), 12);
      }
    }
    // at a selected point only the nugget's share is left
    expect(shrunk.at(selected[0]!).value).toBeLessThan(1e-3 * Math.exp(posterior.logSignalVariance));
  });

  it('has a gradient that matches finite differences', () => {
    const shrunk = new ShrunkVariance(surface, 17);
    shrunk.append(selected[0]!);
    shrunk.append(selected[1]!);
    const x = [0.37, 0.52];
    const h = 1e-6;
    const g = shrunk.at(x).gradient;
    for (let d = 0; d < 2; d++) {
      const up = [...x];
      const down = [...x];
      up[d]! += h;
      down[d]! -= h;
      expect(g[d]).toBeCloseTo((shrunk.at(up).value - shrunk.at(down).value) / (2 * h), 7);
    }
  });

  it('keeps a candidate set in step: v before conditioning, v′ after each append', () => {
    const rows = 40;
    const pts = Float64Array.from({ length: rows * 2 }, () => rng.random());
    const set = new CandidateSet(surface, pts, rows, 3);
    for (let i = 0; i < rows; i++) expect(set.variance[i]).toBeCloseTo(surface.variance(pts.subarray(2 * i, 2 * i + 2)).value, 12);
    const shrunk = new ShrunkVariance(surface, 18);
    shrunk.append(selected[0]!);
    set.condition(shrunk); // folds in the point appended before conditioning
    const a = shrunk.append(selected[1]!);
    set.appended(shrunk, a.row, a.diagonal);
    const zHat = [...z, selected[0]!, selected[1]!];
    for (let i = 0; i < rows; i++) {
      const p = [pts[2 * i]!, pts[2 * i + 1]!];
      expect(set.variance[i]).toBeCloseTo(referenceShrunk(p, zHat, posterior.logLengthscales, posterior.logSignalVariance), 12);
    }
  });
});
