import { PythonRandom } from '@opnas/rng';
import { targetStatistics } from '@opnas/metrics';
import { type RowMajorMatrix, predictionMetrics, rootMeanSquaredError } from '@opnas/sgp';
import { batchedGreedyEi } from './batched-greedy-ei.js';
import {
  type BoArmRecord,
  type BoLog,
  type BoLogHeader,
  type BoPointOutcome,
  type BoProblemFingerprint,
  type BoRoundRecord,
  type BoSettings,
  type RoundMetrics,
  readBoLog,
  writeBoLog,
} from './bo-log.js';
import { CachedEvaluator } from './cached-evaluator.js';
import { guardedEvaluator } from './guarded-evaluator.js';
import { BayesOptArgumentError, BayesOptLogError } from './errors.js';
import type { Evaluation, Evaluator } from './evaluator.js';
import type { LogEiTail } from './expected-improvement.js';
import { type DecodingPolicy, type LatentDecoder, decodeLatentPoints } from './latent-decoding.js';
import { selectFromPool } from './pool-selection.js';
import { type FitPredictor, sgpFitter } from './predictor-fit.js';
import { dataBox } from './search-box.js';
import { batchedThompsonSampling } from './thompson-sampling.js';

/** The data and plug-ins of a BO run. */
export interface BoProblem {
  /** Initial data: latent points (N × D) and their raw accuracies (protocol §7.2: the training latents). */
  readonly train: { readonly x: RowMajorMatrix; readonly accuracy: ArrayLike<number>; readonly flats?: readonly string[] };
  /** Held-out latents for the per-round test RMSE / r (protocol §7.2 b). */
  readonly test?: { readonly x: RowMajorMatrix; readonly accuracy: ArrayLike<number> };
  /** Scores architectures (wrapped in a cache unless it is one). */
  readonly evaluator: Evaluator;
  /** Latent mode: decodes latent points into architectures. */
  readonly decoder?: LatentDecoder;
  /** Pool mode: the candidates (encoded architectures) and their flat strings. */
  readonly pool?: { readonly x: RowMajorMatrix; readonly flats: readonly string[] };
}

/** Options of {@link runBayesOpt}; defaults are the reference's (protocol §7.1). */
export interface BoOptions {
  /** 'latent' (default; the reference: select in the box, decode) or 'pool' (select among encoded candidates). */
  readonly mode?: 'latent' | 'pool';
  /** Default 10. */
  readonly rounds?: number;
  /** Default 50. */
  readonly batchSize?: number;
  /** Seeds (repetitions), run one after another. Default 1..10. */
  readonly seeds?: readonly number[];
  /** Default 'ei' (batched greedy EI, protocol §7.3). */
  readonly acquisition?: 'ei' | 'ucb' | 'thompson';
  /** UCB's κ. Default 2. */
  readonly kappa?: number;
  /** Default 'asymptotic'. */
  readonly tail?: LogEiTail;
  /** Default 10,000. */
  readonly gridSize?: number;
  /** L-BFGS-B iterations. Default 150. */
  readonly maxIterations?: number;
  /** Stochastic decodings per point. Default 500. */
  readonly attempts?: number;
  /** Default 'mostCommon' (protocol §10.2 item 1; 'firstValid' is what the reference does). */
  readonly decodingPolicy?: DecodingPolicy;
  /** The random-baseline arm (protocol §7.6, on in the shipped script). Default true. */
  readonly randomBaseline?: boolean;
  /** Refits the predictor each round. Default {@link sgpFitter}() (the paper's SGP). */
  readonly fit?: FitPredictor;
  /** JSON-lines log; when it exists the run resumes from it. */
  readonly logPath?: string;
  /**
   * Time limit of one batch evaluation ({@link guardedEvaluator}); the batch is then recorded as
   * failed and the run goes on. Not part of the log header. Default none.
   */
  readonly evaluationTimeoutMs?: number;
  readonly onProgress?: (event: BoProgress) => void;
  readonly signal?: AbortSignal;
}

/** Phases of a round, for progress and timing. */
export type BoPhase = 'fit' | 'metrics' | 'select' | 'decode' | 'evaluate' | 'random';

export type BoProgress =
  | { readonly type: 'phase'; readonly seed: number; readonly round: number; readonly phase: BoPhase; readonly seconds: number }
  | { readonly type: 'round'; readonly record: BoRoundRecord; readonly resumed: boolean };

/** What {@link runBayesOpt} returns. */
export interface BoRun {
  readonly header: BoLogHeader;
  /** Every round, in (seed, round) order, resumed ones included. */
  readonly rounds: BoRoundRecord[];
  /** Seconds per phase of the rounds computed in this call. */
  readonly timings: { seed: number; round: number; phase: BoPhase; seconds: number }[];
}

function fnv1a(parts: Iterable<ArrayLike<number> | readonly string[]>): string {
  let h = 0x811c9dc5;
  const eat = (byte: number) => {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const buf = new Float64Array(1);
  const bytes = new Uint8Array(buf.buffer);
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      const v = part[i]!;
      if (typeof v === 'string') for (let k = 0; k < v.length; k++) eat(v.charCodeAt(k) & 0xff);
      else {
        buf[0] = v;
        for (const b of bytes) eat(b);
      }
    }
  }
  return h.toString(16).padStart(8, '0');
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new BayesOptArgumentError(`@opnas/bayesopt: ${name} must be a positive integer, got ${value}`, name);
  return value;
}

function resolveSettings(problem: BoProblem, o: BoOptions): BoSettings {
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
  };
}

function checkMatrix(m: RowMajorMatrix, name: string, cols?: number): void {
  if (!Number.isInteger(m.rows) || m.rows < 1 || m.data.length !== m.rows * m.cols) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: ${name} is ${m.rows}×${m.cols} but holds ${m.data.length} values`, name);
  }
  if (cols !== undefined && m.cols !== cols) throw new BayesOptArgumentError(`@opnas/bayesopt: ${name} has ${m.cols} columns but train.x has ${cols}`, name);
}

/** Per-seed state: the growing data and the arms' bookkeeping. */
interface SeedState {
  x: number[];
  y: number[];
  rng: PythonRandom;
  boTaken: Uint8Array | null;
  randomTaken: Uint8Array | null;
  boBest: BoArmRecord['best'];
  randomBest: BoArmRecord['best'];
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Batch Bayesian optimisation as the reference's `bo.py` runs it (protocol §7.2), per seed and round:
 *
 * 1. refit the predictor on the current (X, y) — a new model every round;
 * 2. log test RMSE, log-likelihood and Pearson r (and train RMSE) on the standardised scale;
 * 3. select q points: batched greedy EI in the box of the current X (latent mode) or greedy EI
 *    over the not-yet-evaluated pool (pool mode); UCB and Thompson sampling as options;
 * 4. decode (latent mode; 500 stochastic decodings, `mostCommon` or `firstValid`) and evaluate;
 *    an undecodable, unscored or failed point gets max(y), the worst current score;
 * 5. append the selected latent points (not re-encoded) and their scores to (X, y);
 * 6. the random-baseline arm draws q points uniformly in the same box (or q unevaluated pool
 *    rows), decodes and scores them the same way, without adding them to the data.
 *
 * After every round the whole log is rewritten atomically; a run started with an existing
 * `logPath` checks that the log belongs to the same problem and settings (the number of rounds
 * may grow), replays it and continues, producing exactly the rounds an uninterrupted run would.
 */
export async function runBayesOpt(problem: BoProblem, options: BoOptions = {}): Promise<BoRun> {
  const settings = resolveSettings(problem, options);
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
  const normalisation = targetStatistics(problem.train.accuracy);
  // an evaluator that throws, hangs or answers NaN gives failed evaluations, never a crashed run
  const evaluator =
    problem.evaluator instanceof CachedEvaluator
      ? problem.evaluator
      : new CachedEvaluator(guardedEvaluator(problem.evaluator, options.evaluationTimeoutMs === undefined ? {} : { timeoutMs: options.evaluationTimeoutMs }));
  const fit = options.fit ?? sgpFitter();
  const fingerprint: BoProblemFingerprint = {
    dim,
    trainCount: n0,
    testCount: problem.test?.x.rows ?? 0,
    poolCount: pool?.x.rows ?? 0,
    checksum: fnv1a([problem.train.x.data, problem.train.accuracy, ...(pool ? [pool.x.data, pool.flats] : [])]),
    normalisation,
    evaluator: { kind: evaluator.kind, label: evaluator.label, surrogate: evaluator.surrogate },
  };
  const header: BoLogHeader = { type: 'header', format: 'opnas-bo-log', version: 1, settings, problem: fingerprint };

  const done = new Map<string, BoRoundRecord>();
  if (options.logPath) {
    const previous = await readBoLog(options.logPath);
    if (previous) {
      const where = `@opnas/bayesopt: ${options.logPath}`;
      for (const key of Object.keys(settings) as (keyof BoSettings)[]) {
        if (key === 'rounds') continue;
        if (!sameJson(previous.header.settings[key], settings[key])) {
          throw new BayesOptLogError(`${where}: the log was written with ${key} = ${JSON.stringify(previous.header.settings[key])}, this run has ${JSON.stringify(settings[key])}`);
        }
      }
      for (const key of Object.keys(fingerprint) as (keyof BoProblemFingerprint)[]) {
        if (!sameJson(previous.header.problem[key], fingerprint[key])) {
          throw new BayesOptLogError(
            `${where}: the log belongs to another problem (${key} differs: ${JSON.stringify(previous.header.problem[key])} vs ${JSON.stringify(fingerprint[key])})`,
          );
        }
      }
      for (const r of previous.rounds) if (r.round < settings.rounds) done.set(`${r.seed}:${r.round}`, r);
    }
  }
  const log: BoLog = { header, rounds: [...done.values()] };
  const timings: BoRun['timings'] = [];
  const score = (accuracy: number) => (-accuracy - normalisation.mean) / normalisation.sd;
  const yTest = problem.test ? Array.from(problem.test.accuracy, score) : undefined;

  // prime the evaluation cache with everything the log already evaluated
  for (const r of done.values()) {
    for (const arm of [r.bo, r.random]) {
      arm?.architectures.forEach((flat, i) => {
        const o = arm.outcomes[i]!;
        if (flat === null || o.status === 'undecodable' || evaluator.peek(flat)) return;
        const e: Evaluation =
          o.status === 'scored'
            ? { flat, status: 'scored', accuracy: o.accuracy!, source: evaluator.kind }
            : { flat, status: o.status, reason: o.reason ?? '', source: evaluator.kind };
        evaluator.remember(e);
      });
    }
  }

  for (const seed of settings.seeds) {
    const state: SeedState = {
      x: Array.from(problem.train.x.data),
      y: Array.from(problem.train.accuracy, score),
      rng: new PythonRandom(seed),
      boTaken: null,
      randomTaken: null,
      boBest: null,
      randomBest: null,
    };
    if (pool) {
      // architectures already in the training data are not candidates
      const known = new Set(problem.train.flats ?? []);
      state.boTaken = Uint8Array.from(pool.flats, (f) => (known.has(f) ? 1 : 0));
      state.randomTaken = Uint8Array.from(state.boTaken);
    }
    for (let round = 0; round < settings.rounds; round++) {
      const key = `${seed}:${round}`;
      const previous = done.get(key);
      if (previous) {
        replay(state, previous, pool);
        options.onProgress?.({ type: 'round', record: previous, resumed: true });
        continue;
      }
      options.signal?.throwIfAborted();
      const record = await runRound(problem, settings, state, seed, round, {
        fit,
        evaluator,
        score,
        yTest,
        pool,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        phase: (phase, seconds) => {
          timings.push({ seed, round, phase, seconds });
          options.onProgress?.({ type: 'phase', seed, round, phase, seconds });
        },
      });
      log.rounds.push(record);
      if (options.logPath) await writeBoLog(options.logPath, log);
      options.onProgress?.({ type: 'round', record, resumed: false });
    }
  }
  const seedOrder = new Map(settings.seeds.map((s, i) => [s, i]));
  const rounds = log.rounds.sort((a, b) => seedOrder.get(a.seed)! - seedOrder.get(b.seed)! || a.round - b.round);
  return { header, rounds, timings };
}

/** Re-apply a logged round to the seed's state. */
function replay(state: SeedState, r: BoRoundRecord, pool: BoProblem['pool']): void {
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
}

interface RoundContext {
  readonly fit: FitPredictor;
  readonly evaluator: CachedEvaluator;
  readonly score: (accuracy: number) => number;
  readonly yTest: number[] | undefined;
  readonly pool: BoProblem['pool'];
  readonly signal?: AbortSignal;
  readonly phase: (phase: BoPhase, seconds: number) => void;
}

async function runRound(problem: BoProblem, s: BoSettings, state: SeedState, seed: number, round: number, c: RoundContext): Promise<BoRoundRecord> {
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

  const fitted = await c.fit(x, y, { seed, round, ...(c.signal === undefined ? {} : { signal: c.signal }) });
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
    if (c.pool) {
      const available: number[] = [];
      state.randomTaken!.forEach((v, i) => {
        if (!v) available.push(i);
      });
      const picks: number[] = [];
      for (let k = 0; k < Math.min(q, available.length); k++) {
        const j = k + state.rng.randbelow(available.length - k);
        [available[k], available[j]] = [available[j]!, available[k]!];
        picks.push(available[k]!);
        state.randomTaken![available[k]!] = 1;
      }
      const arm = await scoreArm(
        picks.map((i) => c.pool!.flats[i]!),
        c,
        worst,
        state.randomBest,
      );
      random = { poolIndices: picks, ...arm };
    } else {
      const drawn = Array.from({ length: q }, () => Float64Array.from({ length: dim }, (_, d) => box.lower[d]! + state.rng.random() * (box.upper[d]! - box.lower[d]!)));
      const flats = await decodeLatentPoints(problem.decoder!, drawn, { attempts: s.attempts, policy: s.decodingPolicy, seed: seed * 100_003 + round * 2 + 1 });
      const arm = await scoreArm(flats, c, worst, state.randomBest);
      random = { points: drawn.map((p) => Array.from(p)), ...arm };
    }
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

async function scoreArm(architectures: (string | null)[], c: RoundContext, worst: number, bestSoFar: BoArmRecord['best']): Promise<Omit<BoArmRecord, 'points' | 'poolIndices'>> {
  const decoded = architectures.filter((a): a is string => a !== null);
  const evaluations = decoded.length ? await c.evaluator.evaluate(decoded, c.signal === undefined ? {} : { signal: c.signal }) : [];
  let k = 0;
  const outcomes: BoPointOutcome[] = architectures.map((a) => {
    if (a === null) return { status: 'undecodable' };
    const e = evaluations[k++]!;
    return e.status === 'scored' ? { status: 'scored', accuracy: e.accuracy } : { status: e.status, reason: e.reason };
  });
  const scores = outcomes.map((o) => (o.status === 'scored' ? c.score(o.accuracy!) : worst));
  const accuracies = outcomes.flatMap((o) => (o.status === 'scored' ? [o.accuracy!] : []));
  let best = bestSoFar;
  outcomes.forEach((o, i) => {
    if (o.status === 'scored' && (best === null || o.accuracy! > best.accuracy)) best = { architecture: architectures[i]!, accuracy: o.accuracy! };
  });
  return {
    architectures,
    outcomes,
    scores,
    batch: {
      scored: accuracies.length,
      meanAccuracy: accuracies.length ? accuracies.reduce((a, b) => a + b, 0) / accuracies.length : null,
      maxAccuracy: accuracies.length ? Math.max(...accuracies) : null,
    },
    best,
  };
}
