import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainPearson } from './plain-pearson.test-util.js';
import { MetricsError } from './errors.js';
import { correlationPValue, pearson } from './pearson.js';

/** Two-sided t-test p-value by Simpson integration of the unnormalised t density (independent of betainc). */
function integratedPValue(r: number, n: number): number {
  const df = n - 2;
  const t = Math.abs(r) * Math.sqrt(df / (1 - r * r));
  // Substituting t = tan θ maps the heavy tail onto a finite interval.
  const density = (theta: number) => (1 + Math.tan(theta) ** 2 / df) ** (-(df + 1) / 2) / Math.cos(theta) ** 2;
  const simpson = (a: number, b: number) => {
    const steps = 20000;
    const h = (b - a) / steps;
    let s = density(a) + density(b - 1e-12);
    for (let k = 1; k < steps; k++) s += (k % 2 === 1 ? 4 : 2) * density(a + k * h);
    return (s * h) / 3;
  };
  return simpson(Math.atan(t), Math.PI / 2) / simpson(0, Math.PI / 2);
}

describe('pearson', () => {
  it('matches the hand computation and scipy 1.17 pearsonr on a small sample', () => {
    // Deviations (−2,−1,0,1,2) and (−2,0,1,0,1): Σxy = 6, Σx² = 10, Σy² = 6.
    const result = pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(result.coefficient).toBeCloseTo(6 / Math.sqrt(60), 15);
    expect(result.pValue).toBeCloseTo(0.1240270626575546, 12);
    expect(result.n).toBe(5);
  });

  it('has the t-test p-value, checked by numerical integration', () => {
    for (const [r, n] of [
      [0.3, 10],
      [-0.8, 7],
      [0.05, 200],
      [0.99, 4],
    ] as const) {
      expect(correlationPValue(r, n)).toBeCloseTo(integratedPValue(r, n), 7);
    }
  });

  it('agrees with the textbook formula on random samples, shifted far from zero', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), { minLength: 3, maxLength: 50 }), (pairs) => {
        const x = pairs.map(([a]) => 0.73 + a * 1e-6);
        const y = pairs.map(([, b]) => b / 1000);
        const constant = (v: number[]) => v.every((u) => u === v[0]);
        fc.pre(!constant(x) && !constant(y));
        expect(pearson(x, y).coefficient).toBeCloseTo(plainPearson(x, y), 8);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects bad input with named errors', () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow('@opnas/metrics: pearson: x has 3 values but y has 2');
    expect(() => pearson([1, 2], [1, 2])).toThrow('need at least 3 pairs');
    expect(() => pearson([1, Number.NaN, 3], [1, 2, 3])).toThrow('x[1] is NaN');
    expect(() => pearson([1, 1, 1], [1, 2, 3])).toThrow(MetricsError);
    expect(() => pearson([1, 1, 1], [1, 2, 3])).toThrow(expect.objectContaining({ code: 'constant-input' }));
    expect(() => pearson([1, 2], [1, 2])).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => pearson([1, 2, 3], [4, 4, 4])).toThrow('y is constant');
  });
});
