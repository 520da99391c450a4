import { describe, expect, it } from 'vitest';
import { averageRanks } from './average-ranks.js';
import { plainPearson } from './plain-pearson.test-util.js';
import { spearman } from './spearman.js';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    expect([...averageRanks([10, 20, 20, 5, 20])]).toEqual([2, 4, 4, 1, 4]);
    expect([...averageRanks([3, 3])]).toEqual([1.5, 1.5]);
  });
});

describe('spearman', () => {
  it('matches scipy 1.17 spearmanr with ties', () => {
    // y has ranks (1, 2.5, 4.5, 2.5, 4.5).
    const result = spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(result.coefficient).toBeCloseTo(plainPearson([1, 2, 3, 4, 5], [1, 2.5, 4.5, 2.5, 4.5]), 14);
    expect(result.coefficient).toBeCloseTo(0.7378647873726218, 14);
    expect(result.pValue).toBeCloseTo(0.15461852312844926, 12);
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    const b = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3];
    expect(spearman(a, b).coefficient).toBeCloseTo(0.19073187020980284, 14);
    expect(spearman(a, b).pValue).toBeCloseTo(0.420536244226812, 12);
  });

  it('is invariant under monotone transforms', () => {
    const x = [0.1, 0.5, 0.3, 0.9, 0.7, 0.2];
    const y = [1, 3, 2, 2, 5, 0];
    expect(
      spearman(
        x.map((v) => Math.exp(10 * v)),
        y,
      ).coefficient,
    ).toBeCloseTo(spearman(x, y).coefficient, 14);
  });

  it('rejects a constant input', () => {
    expect(() => spearman([1, 2, 3], [7, 7, 7])).toThrow('@opnas/metrics: spearman: y is constant');
  });
});
