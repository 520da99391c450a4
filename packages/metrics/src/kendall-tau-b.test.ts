import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kendallTauB } from './kendall-tau-b.js';

/** τ-b from its definition: every pair classified, O(n²). */
function bruteTauB(x: readonly number[], y: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const s = Math.sign(x[i]! - x[j]!) * Math.sign(y[i]! - y[j]!);
      if (x[i] === x[j] && y[i] === y[j]) continue;
      if (x[i] === x[j]) tiedX++;
      else if (y[i] === y[j]) tiedY++;
      else if (s > 0) concordant++;
      else discordant++;
    }
  }
  return (concordant - discordant) / Math.sqrt((concordant + discordant + tiedX) * (concordant + discordant + tiedY));
}

describe('kendallTauB', () => {
  it('matches scipy 1.17 kendalltau (coefficient and asymptotic p-value) with ties', () => {
    const small = kendallTauB([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(small.coefficient).toBeCloseTo(0.6708203932499368, 14);
    expect(small.pValue).toBeCloseTo(0.11718508719813801, 12);
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    const b = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3];
    expect(kendallTauB(a, b).coefficient).toBeCloseTo(0.1502915281630456, 14);
    expect(kendallTauB(a, b).pValue).toBeCloseTo(0.38810698303200064, 12);
  });

  it('equals the O(n²) definition on random samples with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { minLength: 3, maxLength: 80 }), (pairs) => {
        const x = pairs.map(([a]) => a);
        const y = pairs.map(([, b]) => b);
        fc.pre(new Set(x).size > 1 && new Set(y).size > 1);
        expect(kendallTauB(x, y).coefficient).toBeCloseTo(bruteTauB(x, y), 12);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a constant input', () => {
    expect(() => kendallTauB([2, 2, 2], [1, 2, 3])).toThrow('@opnas/metrics: kendallTauB: x is constant');
  });
});
