import { targetStatistics } from '@opnas/metrics';
import { PythonRandom } from '@opnas/rng';
import type { RowMajorMatrix } from '@opnas/sgp';
import { type BoLog, type BoLogHeader, type BoRoundRecord, writeBoLog } from './bo-log.js';
import { loggedRounds, primeCache, problemFingerprint } from './bo-resume.js';
import { type SeedState, replay, runRound } from './bo-round.js';
import { readWarmStart, writeWarmStart } from './bo-warm-start.js';
import { checkProblem, resolveSettings } from './bo-settings.js';
import { CachedEvaluator } from './cached-evaluator.js';
import type { SearchSpace } from '@opnas/dag';
import type { Evaluator } from './evaluator.js';
import type { LogEiTail } from './expected-improvement.js';
import { guardedEvaluator } from './guarded-evaluator.js';
import { spaceKeyOf } from './lookup-evaluator.js';
import type { DecodingPolicy, LatentDecoder } from './latent-decoding.js';
import { type FitPredictor, sgpFitter } from './predictor-fit.js';

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
  /**
   * Start each round's fit from this seed's previous round's fitted parameters (`FitContext.warmStart`)
   * instead of from scratch. Not the reference (protocol §7.2 a refits from scratch); default false.
   * With a `logPath`, the last parameters of each seed are kept beside the log so a resumed run
   * warm-starts exactly as an uninterrupted one.
   */
  readonly warmStart?: boolean;
  /**
   * The search space of the architectures: it judges the decodings (latent mode) and keys the
   * evaluation cache. Default ENAS6 (the paper's; then nothing about the run or its log changes).
   */
  readonly space?: SearchSpace;
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
  const pool = checkProblem(problem, settings);
  const normalisation = targetStatistics(problem.train.accuracy);
  // an evaluator that throws, hangs or answers NaN gives failed evaluations, never a crashed run
  const evaluator =
    problem.evaluator instanceof CachedEvaluator
      ? problem.evaluator
      : new CachedEvaluator(
          guardedEvaluator(problem.evaluator, options.evaluationTimeoutMs === undefined ? {} : { timeoutMs: options.evaluationTimeoutMs }),
          undefined,
          options.space === undefined ? {} : { space: options.space },
        );
  const fit = options.fit ?? sgpFitter();
  const header: BoLogHeader = { type: 'header', format: 'opnas-bo-log', version: 1, settings, problem: problemFingerprint(problem, pool, normalisation, evaluator) };

  const done = await loggedRounds(options.logPath, header);
  const log: BoLog = { header, rounds: [...done.values()] };
  const timings: BoRun['timings'] = [];
  const score = (accuracy: number) => (-accuracy - normalisation.mean) / normalisation.sd;
  const yTest = problem.test ? Array.from(problem.test.accuracy, score) : undefined;
  primeCache(evaluator, done.values());

  for (const seed of settings.seeds) {
    const state: SeedState = {
      x: Array.from(problem.train.x.data),
      y: Array.from(problem.train.accuracy, score),
      rng: new PythonRandom(seed),
      boTaken: null,
      randomTaken: null,
      boBest: null,
      randomBest: null,
      fitted: undefined,
    };
    if (pool) {
      // architectures already in the training data are not candidates
      // (compared by the space's key when one is given: another notation of a known cell is known)
      const space = options.space;
      const keyOf = space ? (f: string) => spaceKeyOf(space, f) ?? f : (f: string) => f;
      const known = new Set((problem.train.flats ?? []).map(keyOf));
      state.boTaken = Uint8Array.from(pool.flats, (f) => (known.has(keyOf(f)) ? 1 : 0));
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
      if (settings.warmStart && round > 0 && state.fitted === undefined) {
        // resumed after a logged round: its fit's parameters were kept beside the log
        state.fitted = await readWarmStart(options.logPath!, seed, round - 1);
      }
      const record = await runRound(problem, settings, state, seed, round, {
        fit,
        evaluator,
        score,
        yTest,
        pool,
        ...(options.space === undefined ? {} : { space: options.space }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        phase: (phase, seconds) => {
          timings.push({ seed, round, phase, seconds });
          options.onProgress?.({ type: 'phase', seed, round, phase, seconds });
        },
      });
      log.rounds.push(record);
      // the parameters first: a log that has a round always has that round's warm start beside it
      if (options.logPath && settings.warmStart && state.fitted) await writeWarmStart(options.logPath, seed, round, state.fitted);
      if (options.logPath) await writeBoLog(options.logPath, log);
      options.onProgress?.({ type: 'round', record, resumed: false });
    }
  }
  const seedOrder = new Map(settings.seeds.map((s, i) => [s, i]));
  const rounds = log.rounds.sort((a, b) => seedOrder.get(a.seed)! - seedOrder.get(b.seed)! || a.round - b.round);
  return { header, rounds, timings };
}
