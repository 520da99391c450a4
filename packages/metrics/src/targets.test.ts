import { describe, expect, it } from 'vitest';
import { denormaliseTargets, normaliseTargets, populationStatistics, targetStatistics } from './targets.js';

describe('the standardised negated target scale (protocol §1.7)', () => {
  const train = [0.73, 0.74, 0.72, 0.75];

  it('uses the mean and population sd of −accuracy', () => {
    const stats = targetStatistics(train);
    expect(stats.mean).toBeCloseTo(-0.735, 15);
    // population sd of {0.73, 0.74, 0.72, 0.75}: sqrt(((−.005)² + .005² + (−.015)² + .015²) / 4)
    expect(stats.sd).toBeCloseTo(Math.sqrt((2 * 0.005 ** 2 + 2 * 0.015 ** 2) / 4), 15);
    const y = normaliseTargets(train, stats);
    expect(y[3]).toBeCloseTo((-0.75 + 0.735) / stats.sd, 12); // the best accuracy gets the lowest target
    expect(Array.from(denormaliseTargets(y, stats)).map((v) => Number(v.toFixed(12)))).toEqual(train);
  });

  it('refuses empty, non-finite and constant input', () => {
    expect(() => populationStatistics([])).toThrow('@opnas/metrics: statistics of an empty list');
    expect(() => targetStatistics([0.7, Number.NaN])).toThrow('@opnas/metrics: value 1 is NaN, not a finite number');
    expect(() => targetStatistics([0.7, 0.7])).toThrow(/zero variance/);
  });
});
