import { nonNegativeInteger, positiveInteger } from '@opnas/errors';
import { PythonRandom } from '@opnas/rng';
import { CandidateSet } from './candidate-set.js';
import { invalidArgument } from './errors.js';
import { type AcquisitionValue, type LogEiTail, logExpectedImprovement, upperConfidenceBound } from './expected-improvement.js';
import { GpSurface, type SparseGpPosterior, type ValueAndGradient } from './gp-surface.js';
import { type LbfgsbStatus, lbfgsb } from '@opnas/lbfgsb';
import { type SearchBox, checkBox } from './search-box.js';
import { ShrunkVariance } from './shrunk-variance.js';

/** Progress of a batch selection: `point` of `of` chosen. */
export interface BatchSelectionProgress {
  readonly point: number;
  readonly of: number;
}

/** Options of {@link batchedGreedyEi}; defaults are the reference's (protocol §7.3). */
export interface BatchSelectionOptions {
  /** Points per batch, q. Default 50. */
  readonly batchSize?: number;
  /** Uniform grid points in the box. Default 10,000. */
  readonly gridSize?: number;
  /** L-BFGS-B iterations per local run. Default 150. */
  readonly maxIterations?: number;
  /** Random stream for the grid (continued, not reseeded). Default: `new PythonRandom(seed)`. */
  readonly random?: PythonRandom;
  /** Seed when `random` is not given. Default 1. */
  readonly seed?: number;
  /** Acquisition of the greedy batch: 'ei' (default, the reference) or 'ucb' (−m + κ√v). */
  readonly acquisition?: 'ei' | 'ucb';
  /** UCB's κ. Default 2. */
  readonly kappa?: number;
  /** Far-tail treatment of log EI. Default 'asymptotic' (the reference). */
  readonly tail?: LogEiTail;
  readonly onProgress?: (progress: BatchSelectionProgress) => void;
}

/** A selected batch. */
export interface BatchSelection {
  /** q points, each of length D. */
  readonly points: Float64Array[];
  /** η, the minimum predicted mean over the box (NaN for UCB, which does not use it). */
  readonly incumbent: number;
  /** The acquisition value of each point when it was chosen (log EI, UCB or the sample value). */
  readonly values: number[];
  /** How each local L-BFGS-B run ended (first entry: the η run, when there is one). */
  readonly optimiser: LbfgsbStatus[];
}

export function checkSelectionOptions(options: { batchSize?: number; gridSize?: number; maxIterations?: number }): { q: number; n: number; maxIterations: number } {
  const q = options.batchSize ?? 50;
  const n = options.gridSize ?? 10_000;
  const maxIterations = options.maxIterations ?? 150;
  positiveInteger(q, 'batchSize', invalidArgument);
  positiveInteger(n, 'gridSize', invalidArgument);
  nonNegativeInteger(maxIterations, 'maxIterations', invalidArgument);
  return { q, n, maxIterations };
}

/** `n` points uniform in the box, drawn row by row: lower + U(0,1)·(upper − lower). */
export function uniformGrid(box: SearchBox, n: number, random: PythonRandom): Float64Array {
  const dim = box.lower.length;
  const grid = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) grid[i * dim + d] = box.lower[d]! + random.random() * (box.upper[d]! - box.lower[d]!);
  }
  return grid;
}

export function argMax(values: ArrayLike<number>, skip?: (i: number) => boolean): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (skip?.(i)) continue;
    const v = values[i]!;
    if (v > bestValue || best < 0) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

export function toSurface(posterior: SparseGpPosterior | GpSurface): GpSurface {
  return posterior instanceof GpSurface ? posterior : new GpSurface(posterior);
}

/**
 * Select a batch of q points by batched greedy expected improvement, exactly as the reference's
 * `batched_greedy_ei` (protocol §7.3):
 *
 * 1. one grid of 10,000 points uniform in the box serves the whole batch;
 * 2. η = the minimum predicted mean: grid arg-min, then one L-BFGS-B run (maxiter 150);
 * 3. first point: grid arg-max of log EI with v(x) = σ_f − k_xΦk_xᵀ, then L-BFGS-B on −log EI;
 * 4. points 2..q: the same η and the unchanged mean, with the shrunk variance v′ of the prior
 *    conditioned on [Z; X_sel] (a "kriging believer" batch): grid arg-max, then L-BFGS-B.
 *
 * Every local run is a single L-BFGS-B run (m 10, factr 1e7, pgtol 1e-5, box bounds) started at
 * the best grid point; there are no restarts. With `acquisition: 'ucb'` the same greedy scheme
 * maximises −m + κ√v instead (in the spirit of GP-BUCB).
 */
export function batchedGreedyEi(posterior: SparseGpPosterior | GpSurface, box: SearchBox, options: BatchSelectionOptions = {}): BatchSelection {
  const surface = toSurface(posterior);
  checkBox(box, surface.dim);
  const { q, n, maxIterations } = checkSelectionOptions(options);
  const kind = options.acquisition ?? 'ei';
  const kappa = options.kappa ?? 2;
  const tail = options.tail ?? 'asymptotic';
  const random = options.random ?? new PythonRandom(options.seed ?? 1);
  const bounds = { lower: box.lower, upper: box.upper, maxIterations };
  const grid = uniformGrid(box, n, random);
  const set = new CandidateSet(surface, grid, n, q);
  const optimiser: LbfgsbStatus[] = [];

  let eta = Number.NaN;
  if (kind === 'ei') {
    let i0 = 0;
    for (let i = 1; i < n; i++) if (set.mean[i]! < set.mean[i0]!) i0 = i;
    const run = lbfgsb(
      (x, g) => {
        const m = surface.mean(x);
        g.set(m.gradient);
        return m.value;
      },
      set.row(i0),
      bounds,
    );
    eta = Math.min(run.f, set.mean[i0]!);
    optimiser.push(run.status);
  }
  const acquire = (mean: number, variance: number): AcquisitionValue =>
    kind === 'ei' ? logExpectedImprovement(mean, variance, eta, { tail }) : upperConfidenceBound(mean, variance, kappa);

  const points: Float64Array[] = [];
  const values: number[] = [];
  let shrunk: ShrunkVariance | undefined;
  const gridValues = new Float64Array(n);
  for (let k = 0; k < q; k++) {
    for (let i = 0; i < n; i++) gridValues[i] = acquire(set.mean[i]!, set.variance[i]!).value;
    const start = set.row(argMax(gridValues));
    const variance = (x: Float64Array): ValueAndGradient => (shrunk ? shrunk.at(x) : surface.variance(x));
    const run = lbfgsb(
      (x, g) => {
        const m = surface.mean(x);
        const v = variance(x);
        const a = acquire(m.value, v.value);
        for (let d = 0; d < g.length; d++) g[d] = -(a.dMean * m.gradient[d]! + a.dVariance * v.gradient[d]!);
        return -a.value;
      },
      start,
      bounds,
    );
    optimiser.push(run.status);
    points.push(run.x);
    values.push(-run.f);
    options.onProgress?.({ point: k + 1, of: q });
    if (k === q - 1) break;
    if (!shrunk) {
      shrunk = new ShrunkVariance(surface, surface.inducingCount + q);
      set.condition(shrunk);
    }
    const { row, diagonal } = shrunk.append(run.x);
    set.appended(shrunk, row, diagonal);
  }
  return { points, incumbent: eta, values, optimiser };
}
