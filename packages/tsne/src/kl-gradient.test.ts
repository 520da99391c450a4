import { describe, expect, it } from 'vitest';
import { jointProbabilities } from './joint-probabilities.js';
import { klGradient } from './kl-gradient.js';
import { nearestNeighbours } from './nearest-neighbours.js';
import { conditionalProbabilities } from './perplexity-calibration.js';
import { plainGradient, plainKl } from './reference-tsne.test-utils.js';

let seed = 7;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

function setup(n: number, dim: number, k: number) {
  const data = Float64Array.from({ length: n * dim }, () => rnd());
  const nn = nearestNeighbours(data, n, dim, k);
  const p = jointProbabilities(nn, conditionalProbabilities(nn, { perplexity: Math.min(30, k / 3) }));
  const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let e = p.indptr[i]!; e < p.indptr[i + 1]!; e++) dense[i]![p.indices[e]!] = p.values[e]!;
  const y = Float64Array.from({ length: 2 * n }, () => 4 * (rnd() - 0.5));
  const rows = Array.from({ length: n }, (_, i) => [y[2 * i]!, y[2 * i + 1]!]);
  return { p, dense, y, rows };
}

describe('klGradient', () => {
  it('the plain exact gradient used as reference matches finite differences of the plain KL', () => {
    const { dense, rows } = setup(25, 5, 12);
    const g = plainGradient(dense, rows);
    const h = 1e-6;
    for (const [i, c] of [
      [0, 0],
      [3, 1],
      [17, 0],
      [24, 1],
    ] as const) {
      const plus = rows.map((r) => [...r]);
      const minus = rows.map((r) => [...r]);
      plus[i]![c]! += h;
      minus[i]![c]! -= h;
      expect(g[i]![c]!).toBeCloseTo((plainKl(dense, plus) - plainKl(dense, minus)) / (2 * h), 6);
    }
  });

  it('with angle 0 equals the exact gradient and KL for the sparse P', () => {
    const { p, dense, y, rows } = setup(120, 8, 30);
    const { gradient, error } = klGradient(y, p, 0, true);
    const exact = plainGradient(dense, rows);
    for (let i = 0; i < rows.length; i++) {
      expect(gradient[2 * i]).toBeCloseTo(exact[i]![0]!, 12);
      expect(gradient[2 * i + 1]).toBeCloseTo(exact[i]![1]!, 12);
    }
    expect(error).toBeCloseTo(plainKl(dense, rows), 10);
  });

  it('with angle 0.5 stays within a few percent of the exact gradient', () => {
    const { p, dense, y, rows } = setup(400, 6, 45);
    const { gradient } = klGradient(y, p, 0.5, false);
    const exact = plainGradient(dense, rows);
    let diff = 0;
    let norm = 0;
    rows.forEach((_, i) => {
      diff += (gradient[2 * i]! - exact[i]![0]!) ** 2 + (gradient[2 * i + 1]! - exact[i]![1]!) ** 2;
      norm += exact[i]![0]! ** 2 + exact[i]![1]! ** 2;
    });
    expect(Math.sqrt(diff / norm)).toBeLessThan(0.05);
  });

  it('skips the KL when not asked for', () => {
    const { p, y } = setup(20, 3, 10);
    expect(klGradient(y, p, 0.5, false).error).toBeUndefined();
  });
});
