import type { SearchSpace } from '@opnas/dag';
import type { PythonRandom } from '@opnas/rng';
import { type RowMajorMatrix, predictionMetrics, rootMeanSquaredError } from '@opnas/sgp';
import { batchedGreedyEi } from './batched-greedy-ei.js';
import { type ArmContext, randomLatentArm, randomPoolArm, scoreArm } from './bo-arms.js';
import type { BoArmRecord, BoRoundRecord, BoSettings, RoundMetrics } from './bo-log.js';
import type { BoPhase, BoProblem } from './bayesian-optimisation.js';
import { decodeLatentPoints } from './latent-decoding.js';
import { selectFromPool } from './pool-selection.js';
import type { FitPredictor } from './predictor-fit.js';
import { dataBox } from './search-box.js';
import { batchedThompsonSampling } from './thompson-sampling.js';

/** Per-seed state: the growing data and the arms' bookkeeping. */
export interface SeedState {
  x: number[];
  y: number[];
  rng: PythonRandom;
  boTaken: Uint8Array | null;
  randomTaken: Uint8Array | null;
  boBest: BoArmRecord['best'];
  randomBest: BoArmRecord['best'];
  /** The parameters of this seed's last fit (kept for a warm start; undefined after a replayed round). */
  fitted: Float64Array | undefined;
}

/** Re-apply a logged round to the seed's state. */
export function replay(state: SeedState, r: BoRoundRecord, pool: BoProblem['pool']): void {
  if (pool) {
    r.bo.poolIndices!.forEach((i) => {
      state.boTaken![i] = 1;
      for (let d = 0; d < pool.x.cols; d++) state.x.push(pool.x.data[i * pool.x.cols + d]!);
    });
    r.random?.poolIndices?.forEach((i) => (state.randomTaken![i] = 1));
  } else {
    for (const p of r.bo.points!) state.x.push(...p);
  }
  state.y.push(...r.bo.scores);
  state.boBest = r.bo.best;
  state.randomBest = r.random?.best ?? null;
  state.rng.setState(r.rng);
  state.fitted = undefined;
}

/** What one round needs from the run besides the problem, the settings and the seed's state. */
export interface RoundContext extends ArmContext {
  readonly fit: FitPredictor;
  readonly yTest: number[] | undefined;
  readonly pool: BoProblem['pool'];
  /** Judges and names the decodings; default ENAS6. */
  readonly space?: SearchSpace;
  readonly phase: (phase: BoPhase, seconds: number) => void;
}

/**
 * One BO round of one seed (protocol §7.2): refit, log the metrics, select q points, decode,
 * evaluate, append to the seed's data; then the random arm. Returns the round's log record.
 */
export async function runRound(problem: BoProblem, s: BoSettings, state: SeedState, seed: number, round: number, c: RoundContext): Promise<BoRoundRecord> {
  const dim = problem.train.x.cols;
  const rows = state.y.length;
  const x: RowMajorMatrix = { rows, cols: dim, data: Float64Array.from(state.x) };
  const y = Float64Array.from(state.y);
  let worst = -Infinity;
  for (const v of state.y) if (v > worst) worst = v;
  let t = performance.now();
  const lap = (phase: BoPhase) => {
    const now = performance.now();
    c.phase(phase, (now - t) / 1000);
    t = now;
  };

  const warm = s.warmStart && state.fitted ? { warmStart: state.fitted } : {};
  const fitted = await c.fit(x, y, { seed, round, ...warm, ...(c.signal === undefined ? {} : { signal: c.signal }) });
  state.fitted = fitted.parameters;
  lap('fit');
  const trainRmse = rootMeanSquaredError(fitted.predict(x).mean, y);
  let metrics: RoundMetrics = { testRmse: null, testLogLikelihood: null, testPearson: null, trainRmse };
  if (problem.test && c.yTest) {
    const m = predictionMetrics(fitted.predict(problem.test.x), c.yTest, 'standardised-negated-accuracy');
    metrics = { testRmse: m.rmse, testLogLikelihood: m.testLogLikelihood, testPearson: m.pearson, trainRmse };
  }
  lap('metrics');
  c.signal?.throwIfAborted();

  const q = s.batchSize;
  const box = dataBox(x);
  let incumbent: number | null = null;
  let points: Float64Array[] | undefined;
  let poolIndices: number[] | undefined;
  if (c.pool) {
    const sel = selectFromPool(
      fitted.posterior,
      { rows: c.pool.x.rows, data: Float64Array.from(c.pool.x.data) },
      {
        batchSize: q,
        acquisition: s.acquisition,
        kappa: s.kappa,
        tail: s.tail,
        exclude: state.boTaken!,
        random: state.rng,
      },
    );
    poolIndices = sel.indices;
    incumbent = Number.isNaN(sel.incumbent) ? null : sel.incumbent;
  } else {
    const common = { batchSize: q, gridSize: s.gridSize, maxIterations: s.maxIterations, random: state.rng };
    const sel =
      s.acquisition === 'thompson'
        ? batchedThompsonSampling(fitted.posterior, box, common)
        : batchedGreedyEi(fitted.posterior, box, { ...common, acquisition: s.acquisition, kappa: s.kappa, tail: s.tail });
    points = sel.points;
    incumbent = Number.isNaN(sel.incumbent) ? null : sel.incumbent;
  }
  lap('select');
  c.signal?.throwIfAborted();

  const architectures = c.pool
    ? poolIndices!.map((i) => c.pool!.flats[i]!)
    : await decodeLatentPoints(problem.decoder!, points!, {
        attempts: s.attempts,
        policy: s.decodingPolicy,
        seed: seed * 100_003 + round * 2,
        ...(c.space === undefined ? {} : { space: c.space }),
      });
  lap('decode');
  const bo = await scoreArm(architectures, c, worst, state.boBest);
  lap('evaluate');

  // append the selected points (latent, not re-encoded) and their scores
  if (c.pool) {
    for (const i of poolIndices!) {
      state.boTaken![i] = 1;
      for (let d = 0; d < dim; d++) state.x.push(c.pool.x.data[i * dim + d]!);
    }
  } else for (const p of points!) state.x.push(...p);
  state.y.push(...bo.scores);
  state.boBest = bo.best;

  let random: BoArmRecord | null = null;
  if (s.randomBaseline) {
    random = c.pool
      ? await randomPoolArm(c.pool, state.randomTaken!, q, state.rng, c, worst, state.randomBest)
      : await randomLatentArm(problem.decoder!, box, s, state.rng, seed * 100_003 + round * 2 + 1, c, worst, state.randomBest, c.space);
    state.randomBest = random.best;
    lap('random');
  }
  return {
    type: 'round',
    seed,
    round,
    metrics,
    incumbent,
    bo: { ...(points ? { points: points.map((p) => Array.from(p)) } : { poolIndices: poolIndices! }), ...bo },
    random,
    rng: state.rng.getState(),
  };
}
