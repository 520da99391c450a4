import { describe, expect, it } from 'vitest';
import { jointProbabilities } from './joint-probabilities.js';
import { nearestNeighbours } from './nearest-neighbours.js';
import { conditionalProbabilities } from './perplexity-calibration.js';
import { plainConditional, plainJoint, squaredDistanceMatrix } from './reference-tsne.test-utils.js';

let seed = 11;
const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const n = 60;
const rows = Array.from({ length: n }, () => Array.from({ length: 4 }, rnd));
const data = Float64Array.from(rows.flat());

describe('conditionalProbabilities', () => {
  it('gives every row perplexity 30 (entropy log 30 within 1e-5) and unit sum', () => {
    const nn = nearestNeighbours(data, n, 4, 50);
    const p = conditionalProbabilities(nn, { perplexity: 30 });
    for (let i = 0; i < n; i++) {
      const row = [...p.subarray(i * 50, (i + 1) * 50)];
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      const entropy = -row.reduce((s, v) => (v > 0 ? s + v * Math.log(v) : s), 0);
      expect(Math.abs(entropy - Math.log(30))).toBeLessThanOrEqual(1e-5);
    }
  });

  it('matches a plain log-space bisection over all points when k = n − 1', () => {
    const nn = nearestNeighbours(data, n, 4, n - 1);
    const p = conditionalProbabilities(nn, { perplexity: 10 });
    const plain = plainConditional(squaredDistanceMatrix(rows), 10);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < n - 1; a++) expect(p[i * (n - 1) + a]).toBeCloseTo(plain[i]![nn.indices[i * (n - 1) + a]!]!, 5);
    }
  });
});

describe('jointProbabilities', () => {
  it('is (C + Cᵀ)/sum, symmetric, summing to 1, on the union of neighbour lists', () => {
    const k = 8;
    const nn = nearestNeighbours(data, n, 4, k);
    const c = conditionalProbabilities(nn, { perplexity: 3 });
    const dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) dense[i]![nn.indices[i * k + a]!] = c[i * k + a]!;
    const expected = plainJoint(dense);
    const p = jointProbabilities(nn, c);
    let total = 0;
    const seen = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      for (let e = p.indptr[i]!; e < p.indptr[i + 1]!; e++) {
        if (e > p.indptr[i]!) expect(p.indices[e]!).toBeGreaterThan(p.indices[e - 1]!);
        seen[i]![p.indices[e]!] = p.values[e]!;
        total += p.values[e]!;
      }
    }
    expect(total).toBeCloseTo(1, 12);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(seen[i]![j]).toBeCloseTo(expected[i]![j]!, 14);
  });
});
