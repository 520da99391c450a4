import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { initialiseSgp } from './initialisation.js';
import { lcg } from './testing/fixtures.js';

function data(n: number, d: number, seed: number) {
  const rnd = lcg(seed);
  return { x: Float64Array.from({ length: n * d }, rnd), y: Float64Array.from({ length: n }, rnd) };
}

describe('initialiseSgp (protocol §6.6)', () => {
  it('Z rows are distinct training rows with m̂ their targets; lsf = lvar_noise = 0', () => {
    const { x, y } = data(300, 4, 1);
    const p = initialiseSgp(x, y, 4, new PythonRandom(5), { inducingPoints: 50, subsetSize: 120 });
    const rows = new Set<number>();
    for (let j = 0; j < 50; j++) {
      const row = Array.from({ length: 300 }, (_, i) => i).find((i) => [0, 1, 2, 3].every((c) => x[i * 4 + c] === p.z[j * 4 + c]));
      expect(row).toBeDefined();
      expect(p.mHat[j]).toBe(y[row!]);
      rows.add(row!);
    }
    expect(rows.size).toBe(50);
    expect(p.logSignalVariance).toBe(0);
    expect(p.logNoiseVariance).toBe(0);
  });

  it('draws in the documented order: permutation, subset shuffle, then L by gauss', () => {
    const { x, y } = data(40, 2, 2);
    const p = initialiseSgp(x, y, 2, new PythonRandom(7), { inducingPoints: 6, subsetSize: 15 });
    const rng = new PythonRandom(7);
    const perm = rng.shuffle(Array.from({ length: 40 }, (_, i) => i));
    const subset = perm.slice(0, 15);
    const chosen = rng.shuffle(subset.slice());
    for (let j = 0; j < 6; j++) expect(p.mHat[j]).toBe(y[chosen[j]!]);
    for (let i = 0; i < 36; i++) expect(p.l[i]).toBe(rng.gauss(0, 1));
    // median over the subset's pairs i < j (15·14/2 = 105 values: the 53rd smallest)
    const dists: number[] = [];
    for (let a = 0; a < 15; a++) {
      for (let b = a + 1; b < 15; b++) {
        const [i, k] = [subset[a]!, subset[b]!];
        dists.push((x[2 * i]! - x[2 * k]!) ** 2 + (x[2 * i + 1]! - x[2 * k + 1]!) ** 2);
      }
    }
    dists.sort((u, v) => u - v);
    const expected = Math.log(0.5 * (dists[52]! + 1e-3));
    expect(Array.from(p.logLengthscales)).toEqual([expected, expected]);
  });

  it('median of an even number of pairs is the mean of the middle two (numpy)', () => {
    // 4 points on a line at 0, 1, 3, 7: pair distances² 1, 9, 49, 4, 36, 16 → sorted 1 4 9 16 36 49
    const x = Float64Array.from([0, 1, 3, 7]);
    const y = Float64Array.from([0, 1, 2, 3]);
    const p = initialiseSgp(x, y, 1, new PythonRandom(0), { inducingPoints: 2 });
    expect(p.logLengthscales[0]).toBeCloseTo(Math.log(0.5 * (12.5 + 1e-3)), 14);
  });

  it('L is standard normal', () => {
    const { x, y } = data(100, 1, 3);
    const p = initialiseSgp(x, y, 1, new PythonRandom(1), { inducingPoints: 100 });
    const l = p.l;
    const mean = l.reduce((s, v) => s + v, 0) / l.length;
    const variance = l.reduce((s, v) => s + (v - mean) ** 2, 0) / l.length;
    // 10,000 draws: the sample mean has sd 0.01 and the sample variance sd ≈ 0.014 (3σ bounds)
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.045);
  });
});
