import { describe, expect, it } from 'vitest';
import { nearestNeighbours } from './nearest-neighbours.js';
import { squaredDistanceMatrix } from './reference-tsne.test-utils.js';

describe('nearestNeighbours', () => {
  it('finds the k nearest other rows, nearest first, as a full sort does', () => {
    let seed = 3;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const n = 200;
    const dim = 7;
    const k = 13;
    const rows = Array.from({ length: n }, () => Array.from({ length: dim }, rnd));
    const nn = nearestNeighbours(Float64Array.from(rows.flat()), n, dim, k);
    const d2 = squaredDistanceMatrix(rows);
    for (let i = 0; i < n; i++) {
      const expected = [...Array(n).keys()]
        .filter((j) => j !== i)
        .sort((a, b) => d2[i]![a]! - d2[i]![b]!)
        .slice(0, k);
      expect([...nn.indices.subarray(i * k, (i + 1) * k)]).toEqual(expected);
      expected.forEach((j, a) => expect(nn.squaredDistances[i * k + a]).toBeCloseTo(d2[i]![j]!, 12));
    }
  });

  it('reports progress per row', () => {
    const seen: number[] = [];
    nearestNeighbours(new Float64Array([0, 1, 3, 7]), 4, 1, 2, (row) => seen.push(row));
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});
