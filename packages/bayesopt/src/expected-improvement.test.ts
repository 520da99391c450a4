import { describe, expect, it } from 'vitest';
import { logExpectedImprovement, upperConfidenceBound } from './expected-improvement.js';
import { eiOverPhi, lowerMillsSeries, toNumber, upperMills } from './high-precision.test-util.js';
import { lowerMillsRatio, normalCdf, normalLogPdf } from './normal-distribution.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log EI at σ = 1, m = 0, η = s, from the 80-digit h(s): log h(s) − s²/2 − ½log 2π. */
function referenceLogEi(s: number): number {
  const h = toNumber(eiOverPhi(s));
  return Math.log(h) - (s * s) / 2 - HALF_LOG_2PI;
}

describe('lowerMillsRatio and normalCdf', () => {
  it('match an 80-digit computation to a few ulp on −40 … 9', () => {
    for (let s = -39.75; s < 9; s += 0.37) {
      const exact = s < -10 ? toNumber(upperMills(-s)) : toNumber(lowerMillsSeries(s));
      expect(Math.abs(lowerMillsRatio(s) - exact) / exact).toBeLessThan(2e-15);
    }
  });

  it('gives Φ with relative accuracy deep in the lower tail', () => {
    // Φ(−20) = φ(20)·M(20); the standard value is 2.7536241186062336e-89
    expect(normalCdf(-20) / 2.7536241186062336e-89 - 1).toBeLessThan(1e-14);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.5) + normalCdf(-1.5)).toBeCloseTo(1, 15);
  });
});

describe('logExpectedImprovement (protocol §7.3)', () => {
  it('equals the high-precision log EI for s ≥ −10', () => {
    for (const s of [-10, -9.3, -7.77, -5, -3.3, -2, -1.01, -0.5, -0.0625, 0, 0.3, 1, 2.5, 4.75, 8, 9.9]) {
      const got = logExpectedImprovement(0, 1, s).value;
      const want = referenceLogEi(s);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
    }
  });

  it("uses the reference's asymptotic Mills ratio for s < −10, literally as SPEC writes it", () => {
    for (const s of [-10.01, -12.5, -30, -1e3, -1e6]) {
      const r = -(1 / s - 1 / s ** 3 + 3 / s ** 5 - 15 / s ** 7);
      const spec = Math.log((s - 0) * r + 1) + normalLogPdf(s);
      const got = logExpectedImprovement(0, 1, s).value;
      expect(Math.abs(got - spec)).toBeLessThanOrEqual(1e-12 * Math.abs(spec));
    }
  });

  it('stays within the truncation bound of the asymptotic series of the exact value at extreme s', () => {
    // x·M(x) = 1 − x⁻² + 3x⁻⁴ − 15x⁻⁶ + 105x⁻⁸ − …, an alternating series: the error of h is at
    // most the first omitted term, 105/x⁸, so |Δ log EI| ≤ 1.01·105/(x⁸·h) while that is < 1 %
    for (const s of [-10.5, -12, -15, -20, -40, -100, -1e3, -1e5]) {
      const x = -s;
      const h = toNumber(eiOverPhi(s));
      const want = referenceLogEi(s);
      const got = logExpectedImprovement(0, 1, s).value;
      const bound = (1.01 * 105) / (x ** 8 * h);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(bound + 4 * Number.EPSILON * Math.abs(want));
      // the exact tail agrees to rounding
      const exact = logExpectedImprovement(0, 1, s, { tail: 'exact' }).value;
      expect(Math.abs(exact - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want));
    }
    // and the asymptotic branch is genuinely the truncated series: visibly off just below −10
    const s = -10.05;
    expect(Math.abs(logExpectedImprovement(0, 1, s).value - referenceLogEi(s))).toBeGreaterThan(1e-6);
  });

  it('scales with σ and shifts with m − η as EI does', () => {
    // EI(m, v; η) = √v·EI(0, 1; (η − m)/√v)
    const a = logExpectedImprovement(0.3, 4, -1.7).value;
    const b = logExpectedImprovement(0, 1, (-1.7 - 0.3) / 2).value + Math.log(2);
    expect(a).toBeCloseTo(b, 13);
  });

  it('has derivatives that match finite differences in every branch', () => {
    for (const [m, v, eta] of [
      [0.2, 0.7, -0.1],
      [-1, 0.01, 0.5],
      [3, 0.04, -0.5], // s = −17.5, asymptotic branch
      [1.5, 0.2, -3.5], // s ≈ −11.2
      [0, 2, 0],
    ] as const) {
      for (const tail of ['asymptotic', 'exact'] as const) {
        const f = (mm: number, vv: number) => logExpectedImprovement(mm, vv, eta, { tail }).value;
        const got = logExpectedImprovement(m, v, eta, { tail });
        const hm = 1e-6 * Math.max(1, Math.abs(m));
        const hv = 1e-6 * v;
        const dm = (f(m + hm, v) - f(m - hm, v)) / (2 * hm);
        const dv = (f(m, v + hv) - f(m, v - hv)) / (2 * hv);
        expect(got.dMean).toBeCloseTo(dm, 5);
        expect(Math.abs(got.dVariance - dv)).toBeLessThan(1e-6 * Math.max(1, Math.abs(dv)));
      }
    }
  });

  it('floors a non-positive variance instead of returning NaN', () => {
    const r = logExpectedImprovement(0, -1e-9, 0);
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.dVariance).toBe(0);
  });
});

describe('upperConfidenceBound', () => {
  it('is −m + κ√v with matching derivatives', () => {
    const r = upperConfidenceBound(0.5, 0.25, 2);
    expect(r.value).toBeCloseTo(-0.5 + 2 * 0.5, 15);
    const h = 1e-6;
    expect(r.dVariance).toBeCloseTo((upperConfidenceBound(0.5, 0.25 + h, 2).value - upperConfidenceBound(0.5, 0.25 - h, 2).value) / (2 * h), 6);
    expect(r.dMean).toBe(-1);
  });
});
