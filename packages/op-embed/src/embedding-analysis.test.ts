import { describe, expect, it } from 'vitest';
import { cosineSimilarities, nearestOperations, pairwiseDistances } from './embedding-analysis.js';
import { RELEASED_EMBEDDING_TABLE } from './released-table.js';

describe('embedding analysis', () => {
  const square = [
    [0, 0],
    [3, 4],
    [0, 1],
    [-6, -8],
  ];

  it('pairwise Euclidean distances', () => {
    const d = pairwiseDistances(square);
    expect(d[0]).toEqual([0, 5, 1, 10]);
    expect(d[1]![3]).toBeCloseTo(15, 12);
    expect(d[2]![1]).toBeCloseTo(Math.sqrt(9 + 9), 12);
  });

  it('cosine similarities, refusing a zero row', () => {
    expect(() => cosineSimilarities(square)).toThrow(/row 0 is zero/);
    const c = cosineSimilarities(square.slice(1));
    expect(c[0]![0]).toBeCloseTo(1, 12);
    expect(c[0]![2]).toBeCloseTo(-1, 12);
    expect(c[0]![1]).toBeCloseTo(4 / 5, 12);
  });

  it('nearest operations by distance and by cosine, with names and exclusions', () => {
    const near = nearestOperations(square, { k: 2, names: ['a', 'b', 'c', 'd'] });
    expect(near[0]!.neighbours.map((n) => n.name)).toEqual(['c', 'b']);
    expect(near[0]!.neighbours[0]!.value).toBe(1);
    const byCos = nearestOperations(square.slice(1), { k: 1, metric: 'cosine', names: ['b', 'c', 'd'] });
    expect(byCos[0]!.neighbours[0]).toEqual({ type: 1, name: 'c', value: 0.8 });
    const enas = nearestOperations(RELEASED_EMBEDDING_TABLE, { exclude: [0, 1], k: 1 });
    expect(enas.map((o) => o.name)).toEqual(['conv3', 'sep3', 'conv5', 'sep5', 'avg3', 'max3']);
    for (const o of enas) expect(o.neighbours[0]!.type).toBeGreaterThanOrEqual(2);
    // Checked by hand from the table: conv5 (4) is closest to sep5 (5).
    expect(enas[2]!.neighbours[0]!.name).toBe('sep5');
  });

  it('rejects bad options', () => {
    expect(() => nearestOperations(square, { k: 0 })).toThrow(/k must be a positive integer/);
    expect(() => nearestOperations(square, { names: ['a'] })).toThrow(/names has 1 entries for a table of 4 rows/);
    expect(() => pairwiseDistances([[1, 2], [3]])).toThrow(/row 1 has 1 numbers/);
  });
});
