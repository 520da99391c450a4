import { describe, expect, it } from 'vitest';
import { lbfgsb, projectedGradientNorm } from './lbfgsb.js';

function rosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1]! - x[i]! ** 2;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i]! += -400 * a * x[i]! - 2 * b;
    g[i + 1]! += 200 * a;
  }
  return f;
}

/** f = ½xᵀHx − bᵀx with its gradient. */
function quadratic(h: number[][], b: number[]) {
  return (x: Float64Array, g: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < b.length; i++) {
      let hx = 0;
      for (let j = 0; j < b.length; j++) hx += h[i]![j]! * x[j]!;
      g[i] = hx - b[i]!;
      f += 0.5 * x[i]! * hx - b[i]! * x[i]!;
    }
    return f;
  };
}

/** Solve a small dense system by Gaussian elimination (test reference). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[p]![k]!)) p = i;
    [m[k], m[p]] = [m[p]!, m[k]!];
    for (let i = k + 1; i < n; i++) {
      const f = m[i]![k]! / m[k]![k]!;
      for (let j = k; j <= n; j++) m[i]![j]! -= f * m[k]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i]![n]!;
    for (let j = i + 1; j < n; j++) s -= m[i]![j]! * x[j]!;
    x[i] = s / m[i]![i]!;
  }
  return x;
}

/**
 * Box-constrained convex QP by enumerating active sets (each variable at its lower bound, its
 * upper bound or free; 3ⁿ cases): the feasible KKT point is the minimiser.
 */
function boxQp(h: number[][], b: number[], lo: number[], hi: number[]): number[] {
  const n = b.length;
  for (let code = 0; code < 3 ** n; code++) {
    const state = Array.from({ length: n }, (_, i) => Math.floor(code / 3 ** i) % 3);
    const x = state.map((s, i) => (s === 0 ? lo[i]! : s === 1 ? hi[i]! : 0));
    const free = state.flatMap((s, i) => (s === 2 ? [i] : []));
    if (free.length) {
      const a = free.map((i) => free.map((j) => h[i]![j]!));
      const r = free.map((i) => b[i]! - state.reduce((acc, s, j) => (s === 2 ? acc : acc + h[i]![j]! * x[j]!), 0));
      solve(a, r).forEach((v, k) => (x[free[k]!] = v));
    }
    const g = x.map((_, i) => x.reduce((acc, xj, j) => acc + h[i]![j]! * xj, 0) - b[i]!);
    const ok = state.every((s, i) => (s === 2 ? x[i]! >= lo[i]! - 1e-12 && x[i]! <= hi[i]! + 1e-12 : s === 0 ? g[i]! >= -1e-12 : g[i]! <= 1e-12));
    if (ok) return x;
  }
  throw new Error('no KKT point');
}

describe('lbfgsb', () => {
  it('minimises an unconstrained quadratic to its closed form H⁻¹b', () => {
    const h = [
      [4, 1, 0.5, 0],
      [1, 3, 0.2, 0.1],
      [0.5, 0.2, 2, 0.3],
      [0, 0.1, 0.3, 1],
    ];
    const b = [1, -2, 0.5, 3];
    const r = lbfgsb(quadratic(h, b), [0, 0, 0, 0]);
    const want = solve(h, b);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    expect(r.status.startsWith('converged')).toBe(true);
  });

  it('finds a quadratic optimum that lies on bounds (checked against an active-set enumeration)', () => {
    const h = [
      [2, 0.6, 0],
      [0.6, 1, -0.3],
      [0, -0.3, 1.5],
    ];
    const b = [4, -3, 1];
    const lo = [-1, -1, -1];
    const hi = [1, 1, 1];
    const want = boxQp(h, b, lo, hi);
    // the unconstrained optimum is outside the box, so bounds are active
    expect(solve(h, b).some((v) => Math.abs(v) > 1)).toBe(true);
    expect(want.some((v, i) => v === lo[i] || v === hi[i])).toBe(true);
    const r = lbfgsb(quadratic(h, b), [0, 0, 0], { lower: lo, upper: hi });
    r.x.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
    for (let i = 0; i < 3; i++) expect(r.x[i]! >= lo[i]! && r.x[i]! <= hi[i]!).toBe(true);
  });

  it('solves Rosenbrock in a box containing the optimum (1, …, 1)', () => {
    const r = lbfgsb(rosenbrock, [-1.2, 1.2, -1.2, 1.2, -1.2], { lower: [-2, -2, -2, -2, -2], upper: [2, 2, 2, 2, 2] });
    r.x.forEach((v) => expect(v).toBeCloseTo(1, 4));
    // SciPy 1.17 `minimize(rosen, …, method='L-BFGS-B')` from the same start: 37 iterations, 43 evaluations
    expect([r.iterations, r.evaluations]).toEqual([37, 43]);
  });

  it('solves Rosenbrock in a box that cuts the optimum off (a bounded optimum)', () => {
    const lo = new Array(5).fill(-2);
    const hi = new Array(5).fill(0.5);
    const r = lbfgsb(rosenbrock, [-1.2, 0.5, -1.2, 0.5, -1.2], { lower: lo, upper: hi });
    expect(r.x[0]).toBe(0.5);
    // KKT by finite differences: the objective cannot decrease inside the box from x
    const g = new Float64Array(5);
    rosenbrock(r.x, g);
    for (let i = 0; i < 5; i++) {
      const h = 1e-6;
      const up = Float64Array.from(r.x);
      const down = Float64Array.from(r.x);
      up[i] = Math.min(hi[i], up[i]! + h);
      down[i] = Math.max(lo[i], down[i]! - h);
      const scratch = new Float64Array(5);
      expect(rosenbrock(up, scratch)).toBeGreaterThanOrEqual(r.f - 1e-10);
      expect(rosenbrock(down, scratch)).toBeGreaterThanOrEqual(r.f - 1e-10);
    }
    expect(projectedGradientNorm(r.x, g, lo, hi)).toBeLessThanOrEqual(1e-5);
    // SciPy 1.17 from the same start: f = 2.645665887627054 after 24 iterations, 28 evaluations
    expect(r.f).toBeCloseTo(2.645665887627054, 10);
    expect([r.iterations, r.evaluations]).toEqual([24, 28]);
  });

  it('stops at maxIterations and keeps x inside the box', () => {
    const r = lbfgsb(rosenbrock, [-1.2, 1], { lower: [-1.5, -0.5], upper: [1.5, 2], maxIterations: 3 });
    expect(r.iterations).toBe(3);
    expect(r.status).toBe('max-iterations');
  });

  it('clips a starting point outside the box, as SciPy does', () => {
    const r = lbfgsb(quadratic([[1]], [0]), [5], { lower: [1], upper: [2] });
    expect(r.x[0]).toBe(1);
    expect(r.status).toBe('converged-pgtol');
  });

  it('handles a fixed variable (lower = upper) and one-sided bounds', () => {
    const h = [
      [2, 0.5],
      [0.5, 1],
    ];
    const r = lbfgsb(quadratic(h, [1, 1]), [0.3, 0], { lower: [0.3, -Infinity], upper: [0.3, 0.2] });
    expect(r.x[0]).toBe(0.3);
    // with x0 fixed, the optimum in x1 is (1 − 0.5·0.3)/1 = 0.85, cut at the upper bound 0.2
    expect(r.x[1]).toBeCloseTo(0.2, 12);
  });

  it('rejects bad input with errors that name the argument', () => {
    expect(() => lbfgsb(quadratic([[1]], [0]), [0], { lower: [1, 2] })).toThrow(/lower has 2 entries but x0 has 1/);
    expect(() => lbfgsb(quadratic([[1]], [0]), [0], { lower: [1], upper: [0] })).toThrow(/lower\[0\] = 1 exceeds upper\[0\] = 0/);
    expect(() => lbfgsb(() => Number.NaN, [0])).toThrow(/objective returned NaN/);
  });
});
