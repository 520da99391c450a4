import { PythonRandom } from '@opnas/rng';
import { argMax, toSurface } from './batched-greedy-ei.js';
import { CandidateSet } from './candidate-set.js';
import { BayesOptArgumentError } from './errors.js';
import { type LogEiTail, logExpectedImprovement, upperConfidenceBound } from './expected-improvement.js';
import type { GpSurface, SparseGpPosterior } from './gp-surface.js';
import { ShrunkVariance } from './shrunk-variance.js';
import { PosteriorFunctionSampler } from './thompson-sampling.js';

/** Options of {@link selectFromPool}. */
export interface PoolSelectionOptions {
  /** Points per batch. Default 50. */
  readonly batchSize?: number;
  /** Default 'ei'. */
  readonly acquisition?: 'ei' | 'ucb' | 'thompson';
  /** UCB's κ. Default 2. */
  readonly kappa?: number;
  /** Default 'asymptotic'. */
  readonly tail?: LogEiTail;
  /** Pool rows that may not be chosen (already evaluated): `exclude[i] !== 0`. */
  readonly exclude?: Uint8Array;
  /** Random stream for Thompson samples. Default `new PythonRandom(seed)`. */
  readonly random?: PythonRandom;
  readonly seed?: number;
}

/** A batch chosen from a pool. */
export interface PoolSelection {
  /** Pool row indices, in the order chosen. */
  readonly indices: number[];
  /** The acquisition value of each when chosen. */
  readonly values: number[];
  /** η for EI: the minimum predicted mean over the selectable pool rows. NaN otherwise. */
  readonly incumbent: number;
}

/**
 * Batch selection over a finite pool of encoded candidates (as arch2vec and BANANAS search a
 * labelled space) instead of a continuous box: the greedy scheme of protocol §7.3 with the pool in
 * place of the grid and no L-BFGS-B (a pool point is an architecture; moving off it would leave
 * the pool). EI uses η = the minimum predicted mean over the selectable rows; points 2..q use the
 * shrunk variance v′ exactly as in the box. Thompson sampling draws one posterior sample per
 * point and takes its arg-min. Rows are never chosen twice.
 */
export function selectFromPool(
  posterior: SparseGpPosterior | GpSurface,
  pool: { readonly rows: number; readonly data: Float64Array },
  options: PoolSelectionOptions = {},
): PoolSelection {
  const surface = toSurface(posterior);
  const { rows, data } = pool;
  if (data.length !== rows * surface.dim) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: pool is ${rows}×${surface.dim} but holds ${data.length} values`, 'pool');
  }
  const exclude = options.exclude ?? new Uint8Array(rows);
  if (exclude.length !== rows) throw new BayesOptArgumentError(`@opnas/bayesopt: exclude has ${exclude.length} entries but the pool has ${rows} rows`, 'exclude');
  let available = 0;
  for (let i = 0; i < rows; i++) if (!exclude[i]) available++;
  const q = Math.min(options.batchSize ?? 50, available);
  if (!Number.isInteger(q) || q < 0) throw new BayesOptArgumentError(`@opnas/bayesopt: batchSize must be a positive integer, got ${options.batchSize}`, 'batchSize');
  const kind = options.acquisition ?? 'ei';
  const taken = Uint8Array.from(exclude);
  const skip = (i: number) => taken[i] !== 0;
  const indices: number[] = [];
  const values: number[] = [];
  if (q === 0) return { indices, values, incumbent: Number.NaN };

  if (kind === 'thompson') {
    const set = new CandidateSet(surface, data, rows, 0);
    const sampler = new PosteriorFunctionSampler(surface);
    const random = options.random ?? new PythonRandom(options.seed ?? 1);
    for (let k = 0; k < q; k++) {
      const f = set.crossTimes(sampler.sample(random));
      const best = argMax(
        f.map((v) => -v),
        skip,
      );
      indices.push(best);
      values.push(f[best]!);
      taken[best] = 1;
    }
    return { indices, values, incumbent: Number.NaN };
  }

  const set = new CandidateSet(surface, data, rows, q);
  let eta = Number.NaN;
  if (kind === 'ei') {
    eta = Infinity;
    for (let i = 0; i < rows; i++) if (!skip(i) && set.mean[i]! < eta) eta = set.mean[i]!;
  }
  const kappa = options.kappa ?? 2;
  const tail = options.tail ?? 'asymptotic';
  const scores = new Float64Array(rows);
  let shrunk: ShrunkVariance | undefined;
  for (let k = 0; k < q; k++) {
    for (let i = 0; i < rows; i++) {
      scores[i] = kind === 'ei' ? logExpectedImprovement(set.mean[i]!, set.variance[i]!, eta, { tail }).value : upperConfidenceBound(set.mean[i]!, set.variance[i]!, kappa).value;
    }
    const best = argMax(scores, skip);
    indices.push(best);
    values.push(scores[best]!);
    taken[best] = 1;
    if (k === q - 1) break;
    if (!shrunk) {
      shrunk = new ShrunkVariance(surface, surface.inducingCount + q);
      set.condition(shrunk);
    }
    const { row, diagonal } = shrunk.append(set.row(best));
    set.appended(shrunk, row, diagonal);
  }
  return { indices, values, incumbent: eta };
}
