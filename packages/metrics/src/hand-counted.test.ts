import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, pearson, spearman } from './index.js';

// Small cases whose values are counted by hand.
describe('correlations on hand-counted cases', () => {
  it('Pearson: ±1 for exact linear relations, 0 for an orthogonal pattern', () => {
    expect(pearson([1, 2, 3, 4], [3, 5, 7, 9]).coefficient).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3, 4], [-1, -2, -3, -4]).coefficient).toBeCloseTo(-1, 15);
    expect(pearson([1, 2, 3, 4], [1, -1, -1, 1]).coefficient).toBeCloseTo(0, 15);
  });

  it('Spearman without ties equals 1 − 6Σd²/(n(n²−1)); with ties it is Pearson of average ranks', () => {
    const a = [0.3, 1.2, -0.5, 2.2, 0.9, 1.7];
    const b = [1, 3, 2, 6, 5, 4];
    const ra = averageRanks(a);
    const rb = averageRanks(b);
    let d2 = 0;
    for (let i = 0; i < 6; i++) d2 += (ra[i]! - rb[i]!) ** 2;
    expect(spearman(a, b).coefficient).toBeCloseTo(1 - (6 * d2) / (6 * 35), 14);
    // ranks [1, 2.5, 2.5, 4] and [1, 3, 2, 4]: r = 4.5/√(4.5·5)
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4]).coefficient).toBeCloseTo(4.5 / Math.sqrt(22.5), 14);
  });

  it('Kendall τ-b with and without ties', () => {
    // pairs: 7 concordant, 3 discordant → 0.4
    expect(kendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]).coefficient).toBeCloseTo(0.4, 15);
    // one tie in each: S = 4, n₀ = 6 → 4/√(5·5)
    expect(kendallTauB([1, 1, 2, 3], [1, 2, 2, 3]).coefficient).toBeCloseTo(0.8, 15);
  });
});
