import { describe, expect, it } from 'vitest';
import { trustworthiness } from './trustworthiness.js';

describe('trustworthiness', () => {
  const line = [0, 1, 3, 7, 15, 31].map((v) => [v]);

  it('is 1 for an embedding that keeps every neighbourhood', () => {
    expect(
      trustworthiness(
        line,
        line.map(([v]) => [2 * v!]),
        2,
      ),
    ).toBe(1);
  });

  it('matches a hand computation: swapping the two end points of 0,1,3,7,15,31 (k = 1)', () => {
    // Embedded nearest neighbours and their original ranks: p0→p4 (rank 4), p1→p5 (5), p5→p1 (4),
    // the rest rank 1. Penalty (4−1)+(5−1)+(4−1) = 10; T = 1 − 2·10 / (6·1·(12 − 3 − 1)).
    const swapped = [[31], [1], [3], [7], [15], [0]];
    expect(trustworthiness(line, swapped, 1)).toBeCloseTo(1 - 20 / 48, 14);
  });

  it('rejects mismatched inputs and bad k', () => {
    expect(() => trustworthiness(line, line.slice(1), 1)).toThrow('@opnas/tsne: trustworthiness: original has 6 rows but embedded has 5');
    expect(() => trustworthiness(line, line, 3)).toThrow('k must be an integer in [1, n/2)');
  });
});
