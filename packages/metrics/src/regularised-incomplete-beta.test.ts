import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricsError } from './errors.js';
import { logGamma } from './log-gamma.js';
import { regularisedIncompleteBeta as betaI } from './regularised-incomplete-beta.js';

/** C(n, k) as a float, exact for the small n used here. */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** For integer shapes, I_x(a, b) = P(Binomial(a+b−1, x) ≥ a): an independent finite sum. */
function binomialTail(x: number, a: number, b: number): number {
  const n = a + b - 1;
  let sum = 0;
  for (let j = a; j <= n; j++) sum += binomial(n, j) * x ** j * (1 - x) ** (n - j);
  return sum;
}

const unit = fc.double({ min: 0.001, max: 0.999, noNaN: true });
const shape = fc.double({ min: 0.05, max: 200, noNaN: true });

describe('regularisedIncompleteBeta', () => {
  it('meets the closed forms I_x(1, b) = 1 − (1−x)^b and I_x(a, 1) = x^a', () => {
    fc.assert(
      fc.property(unit, shape, (x, s) => {
        expect(betaI(x, 1, s)).toBeCloseTo(1 - (1 - x) ** s, 13);
        expect(betaI(x, s, 1)).toBeCloseTo(x ** s, 13);
      }),
    );
  });

  it('meets I_x(½, ½) = (2/π) arcsin √x, the shape of a correlation p-value with 3 pairs', () => {
    for (const x of [1e-8, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(betaI(x, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(x)), 14);
  });

  it('is symmetric: I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    fc.assert(
      fc.property(unit, shape, shape, (x, a, b) => {
        expect(betaI(x, a, b)).toBeCloseTo(1 - betaI(1 - x, b, a), 12);
      }),
    );
  });

  it('equals the binomial tail for integer shapes', () => {
    for (const [a, b] of [
      [2, 3],
      [5, 5],
      [1, 12],
      [17, 4],
      [30, 30],
    ] as const) {
      for (const x of [0.05, 0.3, 0.5, 0.62, 0.95]) expect(betaI(x, a, b)).toBeCloseTo(binomialTail(x, a, b), 13);
    }
  });

  it('gives ½ at x = ½ when a = b', () => {
    for (const a of [0.1, 1, 7.5]) expect(betaI(0.5, a, a)).toBeCloseTo(0.5, 14);
    // Two large shapes: the error grows like 1e-17 · (a + b), from exponents of that size.
    for (const a of [60, 400, 9509]) expect(betaI(0.5, a, a)).toBeCloseTo(0.5, 12);
  });

  it('matches SciPy betainc, relative error below 1e-12, including 19,020-pair shapes', () => {
    // scipy.special.betainc(a, b, x), SciPy 1.17.1
    const cases: [x: number, a: number, b: number, scipy: number][] = [
      [0.3, 2.5, 0.5, 0.018927124071945658],
      [0.999, 9509, 0.5, 1.2888081902573934e-5],
      [0.99989, 9509, 0.5, 0.14806822945025405],
      [0.95, 40, 0.5, 0.04344486964208072],
      [0.1, 0.5, 20, 0.9586725160819128],
    ];
    for (const [x, a, b, scipy] of cases) expect(Math.abs(betaI(x, a, b) - scipy) / scipy).toBeLessThan(1e-12);
  });

  it('is 0 at x = 0 and 1 at x = 1, and rejects arguments outside its domain by name', () => {
    expect(betaI(0, 2, 3)).toBe(0);
    expect(betaI(1, 2, 3)).toBe(1);
    expect(() => betaI(1.5, 2, 3)).toThrow(MetricsError);
    expect(() => betaI(Number.NaN, 2, 3)).toThrow(/x must be in \[0, 1\], got NaN/);
    expect(() => betaI(0.5, 0, 3)).toThrow(/a and b must be positive and finite, got a = 0, b = 3/);
    expect(() => betaI(0.5, 2, Number.POSITIVE_INFINITY)).toThrow(/b = Infinity/);
  });
});

describe('logGamma', () => {
  it('gives ln (n−1)! at integers and ln √π at ½', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      expect(logGamma(n) / (Math.log(factorial) || 1)).toBeCloseTo(Math.log(factorial) === 0 ? 0 : 1, 13);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(0.25)).toBeCloseTo(1.2880225246980774, 13); // ln Γ(¼), Γ(¼) = 3.6256099082219083…
  });
});
