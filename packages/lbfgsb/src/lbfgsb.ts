import { nonNegativeInteger, positiveInteger } from '@opnas/errors';
import { CompactBfgsMemory, dot } from './compact-bfgs-memory.js';
import { LbfgsbArgumentError, invalidArgument } from './errors.js';
import { EPSILON, type VariableStatus, generalisedCauchyPoint } from './generalised-cauchy-point.js';
import { type LineSearchTask, MoreThuenteLineSearch } from './more-thuente-line-search.js';
import { subspaceMinimisation } from './subspace-minimisation.js';

/**
 * An objective with its gradient: return f(x) and write ∇f(x) into `gradient`. `x` must not
 * be kept (it is reused).
 */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link lbfgsb}; defaults are SciPy's `fmin_l_bfgs_b` defaults. */
export interface LbfgsbOptions {
  /** Lower bounds (−Infinity: none). Default: unbounded. */
  readonly lower?: ArrayLike<number>;
  /** Upper bounds (Infinity: none). Default: unbounded. */
  readonly upper?: ArrayLike<number>;
  /** Correction pairs kept, `m`. Default 10. */
  readonly memory?: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ factr·ε. Default 1e7. */
  readonly factr?: number;
  /** Stop when the projected gradient's largest component is ≤ pgtol. Default 1e-5. */
  readonly pgtol?: number;
  /** Iterations (accepted steps). Default 15000; @opnas/bayesopt uses 150 (protocol §7.3). */
  readonly maxIterations?: number;
  /** Objective evaluations. Default 15000. */
  readonly maxEvaluations?: number;
}

/** Why {@link lbfgsb} stopped. */
export type LbfgsbStatus =
  | 'converged-pgtol'
  | 'converged-factr'
  | 'max-iterations'
  | 'max-evaluations'
  /** The line search failed twice in a row, the second time without curvature memory. */
  | 'abnormal';

export interface LbfgsbResult {
  readonly x: Float64Array;
  readonly f: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: LbfgsbStatus;
  /** Largest component of the projected gradient at `x`. */
  readonly projectedGradientNorm: number;
}

/**
 * Minimise f subject to lower ≤ x ≤ upper with L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995; the
 * 3.0 revision of Morales & Nocedal 2011 that SciPy ships): the generalised Cauchy point on
 * the projected steepest-descent path, direct primal subspace minimisation over the variables
 * left free, and the Moré–Thuente line search (ftol 1e-3, gtol 0.9, xtol 0.1, at most 20
 * evaluations). A failed line search discards the curvature memory and retries once, as the
 * reference does. Hand-written because no npm package implements the bounded algorithm (the
 * registry has only unconstrained L-BFGS: `optimization-js`, `fmin`).
 */
export function lbfgsb(objective: ObjectiveWithGradient, x0: ArrayLike<number>, options: LbfgsbOptions = {}): LbfgsbResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const factr = options.factr ?? 1e7;
  const pgtol = options.pgtol ?? 1e-5;
  const maxIterations = options.maxIterations ?? 15000;
  const maxEvaluations = options.maxEvaluations ?? 15000;
  if (n === 0) throw new LbfgsbArgumentError('@opnas/lbfgsb: x0 is empty', 'x0');
  positiveInteger(m, 'memory', invalidArgument);
  nonNegativeInteger(maxIterations, 'maxIterations', invalidArgument);
  const lower = bounds(options.lower, n, -Infinity, 'lower');
  const upper = bounds(options.upper, n, Infinity, 'upper');
  const status: VariableStatus = new Int8Array(n);
  let constrained = false;
  let boxed = true;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = x0[i]!;
    if (!Number.isFinite(v)) throw new LbfgsbArgumentError(`@opnas/lbfgsb: x0[${i}] is ${v}`, 'x0');
    if (lower[i]! > upper[i]!) {
      throw new LbfgsbArgumentError(`@opnas/lbfgsb: lower[${i}] = ${lower[i]} exceeds upper[${i}] = ${upper[i]}`, 'lower');
    }
    const hasL = Number.isFinite(lower[i]!);
    const hasU = Number.isFinite(upper[i]!);
    if (hasL || hasU) constrained = true;
    if (!(hasL && hasU)) boxed = false;
    status[i] = !hasL && !hasU ? -1 : hasL && hasU && upper[i]! - lower[i]! <= 0 ? 3 : 0;
    x[i] = Math.min(Math.max(v, lower[i]!), upper[i]!); // SciPy clips x0 into the box
  }

  const g = new Float64Array(n);
  let evaluations = 0;
  const evaluate = (at: Float64Array, grad: Float64Array): number => {
    evaluations++;
    const f = objective(at, grad);
    if (!Number.isFinite(f)) throw new LbfgsbArgumentError(`@opnas/lbfgsb: the objective returned ${f} at evaluation ${evaluations}`, 'objective');
    return f;
  };
  let f = evaluate(x, g);
  if (maxIterations === 0)
    return {
      x: Float64Array.from(x),
      f,
      gradient: Float64Array.from(g),
      iterations: 0,
      evaluations,
      status: 'max-iterations',
      projectedGradientNorm: projectedGradientNorm(x, g, lower, upper),
    };
  const memory = new CompactBfgsMemory(n, m);
  const xcp = new Float64Array(n);
  const c = new Float64Array(2 * m);
  const z = new Float64Array(n);
  const d = new Float64Array(n);
  const xOld = new Float64Array(n);
  const gOld = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  let iterations = 0;
  const finish = (why: LbfgsbStatus): LbfgsbResult => ({
    x: Float64Array.from(x),
    f,
    gradient: Float64Array.from(g),
    iterations,
    evaluations,
    status: why,
    projectedGradientNorm: projectedGradientNorm(x, g, lower, upper),
  });
  if (projectedGradientNorm(x, g, lower, upper) <= pgtol) return finish('converged-pgtol');

  for (;;) {
    // search target z: Cauchy point then subspace minimisation (or x itself, unconstrained)
    if (!constrained && memory.col > 0) {
      xcp.set(x);
      c.fill(0);
    } else {
      generalisedCauchyPoint(x, g, lower, upper, status, memory, xcp, c);
    }
    if (memory.col > 0) {
      if (!subspaceMinimisation(x, g, lower, upper, status, memory, xcp, c, z)) {
        memory.reset();
        continue;
      }
    } else z.set(xcp);

    // line search along d = z − x
    for (let i = 0; i < n; i++) d[i] = z[i]! - x[i]!;
    const dnorm = Math.sqrt(dot(d, d));
    let stpmax = 1e10;
    if (constrained) {
      if (iterations === 0) stpmax = 1;
      else {
        for (let i = 0; i < n; i++) {
          const di = d[i]!;
          if (di < 0 && Number.isFinite(lower[i]!)) {
            const room = lower[i]! - x[i]!;
            if (room >= 0) stpmax = 0;
            else if (di * stpmax < room) stpmax = room / di;
          } else if (di > 0 && Number.isFinite(upper[i]!)) {
            const room = upper[i]! - x[i]!;
            if (room <= 0) stpmax = 0;
            else if (di * stpmax > room) stpmax = room / di;
          }
        }
      }
    }
    const stp0 = iterations === 0 && !boxed ? Math.min(1 / dnorm, stpmax) : 1;
    const fOld = f;
    xOld.set(x);
    gOld.set(g);
    const gdOld = dot(g, d);
    let accepted = false;
    let stp = stp0;
    if (gdOld < 0 && dnorm > 0) {
      const search = new MoreThuenteLineSearch({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax });
      let task: LineSearchTask = search.start(stp0, f, gdOld);
      let tries = 0;
      let fTrial = f;
      while (task === 'evaluate' && tries < 20 && evaluations < maxEvaluations) {
        stp = search.stp;
        if (stp === 1) xTrial.set(z);
        else for (let i = 0; i < n; i++) xTrial[i] = stp * d[i]! + xOld[i]!;
        fTrial = evaluate(xTrial, gTrial);
        tries++;
        task = search.next(fTrial, dot(gTrial, d));
      }
      if (task === 'converged' || task === 'warning') {
        accepted = true;
        x.set(xTrial);
        g.set(gTrial);
        f = fTrial;
      } else if (task === 'evaluate' && evaluations >= maxEvaluations) {
        // out of budget mid-search: keep the best of the start and the last trial
        if (fTrial < f) {
          x.set(xTrial);
          g.set(gTrial);
          f = fTrial;
        }
        return finish('max-evaluations');
      }
    }
    if (!accepted) {
      x.set(xOld);
      g.set(gOld);
      f = fOld;
      if (memory.col === 0) return finish('abnormal');
      memory.reset();
      for (let i = 0; i < n; i++) if (status[i] !== -1 && status[i] !== 3) status[i] = 0;
      continue;
    }
    iterations++;
    if (iterations >= maxIterations) return finish('max-iterations');
    if (projectedGradientNorm(x, g, lower, upper) <= pgtol) return finish('converged-pgtol');
    if (fOld - f <= factr * EPSILON * Math.max(Math.abs(fOld), Math.abs(f), 1)) return finish('converged-factr');
    if (evaluations >= maxEvaluations) return finish('max-evaluations');

    // curvature pair; skipped unless sᵀy > ε·(−gᵀs), as the reference does
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = x[i]! - xOld[i]!;
      y[i] = g[i]! - gOld[i]!;
    }
    const sy = dot(s, y);
    if (sy > EPSILON * -gdOld * stp) {
      memory.push(s, y, dot(y, y) / sy);
      if (!memory.prepare()) memory.reset();
    }
  }
}

/** max_i |P(x − g)_i − x_i|: the largest component of the gradient projected on the box. */
export function projectedGradientNorm(x: ArrayLike<number>, g: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    let gi = g[i]!;
    if (gi < 0) gi = Math.max(x[i]! - upper[i]!, gi);
    else gi = Math.min(x[i]! - lower[i]!, gi);
    norm = Math.max(norm, Math.abs(gi));
  }
  return norm;
}

function bounds(values: ArrayLike<number> | undefined, n: number, fill: number, name: string): Float64Array {
  if (values === undefined) return new Float64Array(n).fill(fill);
  if (values.length !== n) throw new LbfgsbArgumentError(`@opnas/lbfgsb: ${name} has ${values.length} entries but x0 has ${n}`, name);
  const out = Float64Array.from(values);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(out[i]!)) throw new LbfgsbArgumentError(`@opnas/lbfgsb: ${name}[${i}] is NaN`, name);
  }
  return out;
}
