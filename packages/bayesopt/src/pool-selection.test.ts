import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { logExpectedImprovement } from './expected-improvement.js';
import { GpSurface } from './gp-surface.js';
import { selectFromPool } from './pool-selection.js';
import { invert, randomPosterior, seKernel } from './synthetic-posterior.test-util.js';

describe('selectFromPool', () => {
  const { posterior } = randomPosterior(10, 2, 6);
  const surface = new GpSurface(posterior);
  const rng = new PythonRandom(8);
  const rows = 60;
  const data = Float64Array.from({ length: rows * 2 }, () => rng.random());
  const exclude = new Uint8Array(rows);
  exclude[3] = 1;
  exclude[17] = 1;

  it('chooses by greedy log EI with the shrunk variance, like a brute-force reference', () => {
    const r = selectFromPool(posterior, { rows, data }, { batchSize: 3, exclude });
    const { logLengthscales: lls, logSignalVariance: lsf } = posterior;
    const sf = Math.exp(lsf);
    const pts = Array.from({ length: rows }, (_, i) => [data[2 * i]!, data[2 * i + 1]!]);
    const z = Array.from({ length: 10 }, (_, j) => Array.from(posterior.inducing.subarray(2 * j, 2 * j + 2)));
    const means = pts.map((p) => surface.mean(p).value);
    const eta = Math.min(...means.filter((_, i) => !exclude[i]));
    expect(r.incumbent).toBe(eta);
    const chosen: number[] = [];
    for (let k = 0; k < 3; k++) {
      const zHat = [...z, ...chosen.map((i) => pts[i]!)];
      const inv = invert(zHat.map((a, i) => zHat.map((b, j) => seKernel(a, b, lls, lsf) + (i === j ? 1e-3 * sf : 0))));
      let best = -1;
      let bestValue = -Infinity;
      pts.forEach((p, i) => {
        if (exclude[i] || chosen.includes(i)) return;
        let v: number;
        if (k === 0) v = surface.variance(p).value;
        else {
          const kx = zHat.map((b) => seKernel(p, b, lls, lsf));
          let q = 0;
          for (let a = 0; a < kx.length; a++) for (let b = 0; b < kx.length; b++) q += kx[a]! * inv[a]![b]! * kx[b]!;
          v = sf - q;
        }
        const value = logExpectedImprovement(means[i]!, v, eta).value;
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      });
      chosen.push(best);
    }
    expect(r.indices).toEqual(chosen);
  });

  it('never picks an excluded or repeated row, and stops when the pool runs out', () => {
    for (const acquisition of ['ei', 'ucb', 'thompson'] as const) {
      const r = selectFromPool(posterior, { rows, data }, { batchSize: 10, exclude, acquisition, seed: 3 });
      expect(new Set(r.indices).size).toBe(10);
      expect(r.indices.some((i) => exclude[i])).toBe(false);
    }
    const almostAll = new Uint8Array(rows).fill(1);
    almostAll[5] = 0;
    expect(selectFromPool(posterior, { rows, data }, { batchSize: 4, exclude: almostAll }).indices).toEqual([5]);
  });
});
