import { positiveInteger as checkedPositiveInteger } from '@opnas/errors';
import type { RowMajorMatrix } from '@opnas/sgp';
import type { BoSettings } from './bo-log.js';
import { BayesOptArgumentError, invalidArgument } from './errors.js';
import type { BoOptions, BoProblem } from './bayesian-optimisation.js';

const positiveInteger = (value: number, name: string): number => checkedPositiveInteger(value, name, invalidArgument);

/** The run's settings with every default filled in (the log header's), or a {@link BayesOptArgumentError} naming the option. */
export function resolveSettings(problem: BoProblem, o: BoOptions): BoSettings {
  const mode = o.mode ?? 'latent';
  if (mode !== 'latent' && mode !== 'pool') throw new BayesOptArgumentError(`@opnas/bayesopt: mode must be 'latent' or 'pool', got ${String(mode)}`, 'mode');
  if (mode === 'latent' && !problem.decoder) {
    throw new BayesOptArgumentError('@opnas/bayesopt: latent mode needs problem.decoder (a trained model decodes the selected points)', 'decoder');
  }
  if (mode === 'pool' && !problem.pool) throw new BayesOptArgumentError('@opnas/bayesopt: pool mode needs problem.pool (the encoded candidates)', 'pool');
  const seeds = o.seeds ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0) || new Set(seeds).size !== seeds.length) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: seeds must be distinct non-negative integers, got [${seeds.join(', ')}]`, 'seeds');
  }
  const acquisition = o.acquisition ?? 'ei';
  if (!['ei', 'ucb', 'thompson'].includes(acquisition)) throw new BayesOptArgumentError(`@opnas/bayesopt: unknown acquisition ${String(acquisition)}`, 'acquisition');
  const policy = o.decodingPolicy ?? 'mostCommon';
  if (policy !== 'mostCommon' && policy !== 'firstValid') throw new BayesOptArgumentError(`@opnas/bayesopt: unknown decodingPolicy ${String(policy)}`, 'decodingPolicy');
  return {
    mode,
    rounds: positiveInteger(o.rounds ?? 10, 'rounds'),
    batchSize: positiveInteger(o.batchSize ?? 50, 'batchSize'),
    seeds: [...seeds],
    acquisition,
    kappa: o.kappa ?? 2,
    tail: o.tail ?? 'asymptotic',
    gridSize: positiveInteger(o.gridSize ?? 10_000, 'gridSize'),
    maxIterations: positiveInteger(o.maxIterations ?? 150, 'maxIterations'),
    attempts: positiveInteger(o.attempts ?? 500, 'attempts'),
    decodingPolicy: policy,
    randomBaseline: o.randomBaseline ?? true,
    // only written when on (or not ENAS6), so that the reference's logs stay as they were
    ...(o.warmStart ? { warmStart: true as const } : {}),
    ...(o.space && o.space.name !== 'enas6' ? { space: o.space.name } : {}),
  };
}

function checkMatrix(m: RowMajorMatrix, name: string, cols?: number): void {
  if (!Number.isInteger(m.rows) || m.rows < 1 || m.data.length !== m.rows * m.cols) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: ${name} is ${m.rows}×${m.cols} but holds ${m.data.length} values`, name);
  }
  if (cols !== undefined && m.cols !== cols) throw new BayesOptArgumentError(`@opnas/bayesopt: ${name} has ${m.cols} columns but train.x has ${cols}`, name);
}

/** Checks the shapes of the problem's matrices against each other; returns the pool when the mode uses one. */
export function checkProblem(problem: BoProblem, settings: BoSettings): BoProblem['pool'] {
  checkMatrix(problem.train.x, 'train.x');
  const dim = problem.train.x.cols;
  const n0 = problem.train.x.rows;
  if (problem.train.accuracy.length !== n0) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: train.accuracy has ${problem.train.accuracy.length} values but train.x has ${n0} rows`, 'train.accuracy');
  }
  if (problem.test) {
    checkMatrix(problem.test.x, 'test.x', dim);
    if (problem.test.accuracy.length !== problem.test.x.rows) {
      throw new BayesOptArgumentError(`@opnas/bayesopt: test.accuracy has ${problem.test.accuracy.length} values but test.x has ${problem.test.x.rows} rows`, 'test.accuracy');
    }
  }
  const pool = settings.mode === 'pool' ? problem.pool! : undefined;
  if (pool) {
    checkMatrix(pool.x, 'pool.x', dim);
    if (pool.flats.length !== pool.x.rows)
      throw new BayesOptArgumentError(`@opnas/bayesopt: pool.flats has ${pool.flats.length} entries but pool.x has ${pool.x.rows} rows`, 'pool.flats');
  }
  return pool;
}
