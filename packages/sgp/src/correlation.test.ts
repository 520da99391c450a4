import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTau, pearsonCorrelation, spearmanCorrelation } from './correlation.js';

describe('correlations', () => {
  it('Pearson: ±1 for exact linear relations, 0 for an orthogonal pattern', () => {
    expect(pearsonCorrelation([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 15);
    expect(pearsonCorrelation([1, 2, 3, 4], [-1, -2, -3, -4])).toBeCloseTo(-1, 15);
    expect(pearsonCorrelation([1, 2, 3, 4], [1, -1, -1, 1])).toBeCloseTo(0, 15);
  });

  it('average ranks give tied values the mean of their ranks', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4]);
  });

  it('Spearman without ties equals 1 − 6Σd²/(n(n²−1)); with ties it is Pearson of average ranks', () => {
    const a = [0.3, 1.2, -0.5, 2.2, 0.9, 1.7];
    const b = [1, 3, 2, 6, 5, 4];
    const ra = averageRanks(a);
    const rb = averageRanks(b);
    let d2 = 0;
    for (let i = 0; i < 6; i++) d2 += (ra[i]! - rb[i]!) ** 2;
    expect(spearmanCorrelation(a, b)).toBeCloseTo(1 - (6 * d2) / (6 * 35), 14);
    // ranks [1, 2.5, 2.5, 4] and [1, 3, 2, 4]: r = 4.5/√(4.5·5)
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 14);
  });

  it('Kendall τ-b: counted by hand, with and without ties', () => {
    // pairs: 7 concordant, 3 discordant → 0.4
    expect(kendallTau([1, 2, 3, 4, 5], [3, 1, 2, 5, 4])).toBeCloseTo(0.4, 15);
    // one tie in each: S = 4, n₀ = 6 → 4/√(5·5)
    expect(kendallTau([1, 1, 2, 3], [1, 2, 2, 3])).toBeCloseTo(0.8, 15);
  });
});
