import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complementaryErrorFunction as erfc } from './complementary-error-function.js';

/** (2/√π) ∫ₓ^{x+12} e^{−t²} dt by composite Simpson's rule: an independent quadrature. */
function integratedErfc(x: number): number {
  const steps = 20_000;
  const h = 12 / steps;
  let sum = Math.exp(-x * x) + Math.exp(-(x + 12) * (x + 12));
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * Math.exp(-((x + i * h) ** 2));
  return ((2 / Math.sqrt(Math.PI)) * sum * h) / 3;
}

describe('complementaryErrorFunction', () => {
  it('is 1 at 0, 2 at −∞ and 0 at +∞', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(-40)).toBe(2);
    expect(erfc(40)).toBe(0);
  });

  it('matches tabulated values to 14 significant digits (Abramowitz & Stegun, Table 7.1)', () => {
    // erfc = 1 − erf with erf(0.5) = 0.5204998778130465…, erf(1) = 0.8427007929497149…,
    // erf(2) = 0.9953222650189527…; the tail values are the classical 2.209049699858544e-5 (x = 3),
    // 1.537459794428035e-12 (x = 5) and 2.088487583762545e-45 (x = 10).
    const table: [number, number][] = [
      [0.5, 0.4795001221869535],
      [1, 0.1572992070502851],
      [2, 0.004677734981047266],
      [3, 2.209049699858544e-5],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
    ];
    for (const [x, value] of table) expect(Math.abs(erfc(x) - value) / value).toBeLessThan(1e-14);
  });

  it('agrees with Simpson quadrature of its defining integral', () => {
    for (const x of [0.1, 0.7, 1.5, 1.999, 2.001, 2.5, 4]) expect(Math.abs(erfc(x) - integratedErfc(x)) / erfc(x)).toBeLessThan(1e-11);
  });

  it('is continuous where the series hands over to the continued fraction', () => {
    const below = erfc(2 - 1e-12);
    const above = erfc(2 + 1e-12);
    expect(Math.abs(below - above) / above).toBeLessThan(1e-10);
  });

  it('meets erfc(−x) = 2 − erfc(x) and decreases', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 25, noNaN: true }), fc.double({ min: 1e-6, max: 1, noNaN: true }), (x, dx) => {
        expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
        expect(erfc(x + dx)).toBeLessThan(erfc(x));
      }),
    );
  });
});
