import type { PythonRandomState } from '@opnas/rng';
import type { LogEiTail } from './expected-improvement.js';
import type { DecodingPolicy } from './latent-decoding.js';
import { type RunLogFormat, readRunLog, writeRunLog } from './run-log.js';

/** The resolved settings a run's results depend on (stored in the log header). */
export interface BoSettings {
  readonly mode: 'latent' | 'pool';
  readonly rounds: number;
  readonly batchSize: number;
  readonly seeds: readonly number[];
  readonly acquisition: 'ei' | 'ucb' | 'thompson';
  readonly kappa: number;
  readonly tail: LogEiTail;
  readonly gridSize: number;
  readonly maxIterations: number;
  readonly attempts: number;
  readonly decodingPolicy: DecodingPolicy;
  readonly randomBaseline: boolean;
  /** Present (true) only when each round's fit starts from the previous round's parameters; absent for the reference's cold fits. */
  readonly warmStart?: true;
  /** The search space's name, present only when it is not ENAS6. */
  readonly space?: string;
}

/** What identifies the problem a log belongs to. */
export interface BoProblemFingerprint {
  readonly dim: number;
  readonly trainCount: number;
  readonly testCount: number;
  readonly poolCount: number;
  /** FNV-1a over the training inputs, accuracies and the pool. */
  readonly checksum: string;
  /** Target normalisation (protocol §1.7): mean and population sd of −accuracy over the training set. */
  readonly normalisation: { readonly mean: number; readonly sd: number };
  readonly evaluator: { readonly kind: string; readonly label: string; readonly surrogate: boolean };
}

/** First line of a run log. */
export interface BoLogHeader {
  readonly type: 'header';
  readonly format: 'opnas-bo-log';
  readonly version: 1;
  readonly settings: BoSettings;
  readonly problem: BoProblemFingerprint;
}

/** The outcome for one selected point. */
export interface BoPointOutcome {
  /** 'undecodable': no valid 8-vertex decoding (latent mode). */
  readonly status: 'scored' | 'unscored' | 'failed' | 'undecodable';
  readonly accuracy?: number;
  readonly reason?: string;
}

/** Mean and max accuracy of a batch's scored points (protocol §7.7), null when none scored. */
export interface BatchSummary {
  readonly scored: number;
  readonly meanAccuracy: number | null;
  readonly maxAccuracy: number | null;
}

/** One arm (BO or random) of one round. */
export interface BoArmRecord {
  /** Latent mode: the selected (BO) or drawn (random) latent points. */
  readonly points?: number[][];
  /** Pool mode: the chosen pool rows. */
  readonly poolIndices?: number[];
  readonly architectures: (string | null)[];
  readonly outcomes: BoPointOutcome[];
  /** Standardised negated scores; undecodable/unscored/failed points get the worst current score. */
  readonly scores: number[];
  readonly batch: BatchSummary;
  /** Best scored architecture of this arm and seed so far. */
  readonly best: { readonly architecture: string; readonly accuracy: number } | null;
}

/** Per-round predictor metrics on the standardised negated scale (protocol §7.2 b). */
export interface RoundMetrics {
  readonly testRmse: number | null;
  readonly testLogLikelihood: number | null;
  readonly testPearson: number | null;
  readonly trainRmse: number;
}

/** One line of the log per (seed, round). */
export interface BoRoundRecord {
  readonly type: 'round';
  readonly seed: number;
  readonly round: number;
  readonly metrics: RoundMetrics;
  /** η of EI (null for UCB and Thompson sampling). */
  readonly incumbent: number | null;
  readonly bo: BoArmRecord;
  readonly random: BoArmRecord | null;
  /** The seed's random stream after the round, so a resumed run continues it exactly. */
  readonly rng: PythonRandomState;
}

/** A parsed run log. */
export interface BoLog {
  readonly header: BoLogHeader;
  readonly rounds: BoRoundRecord[];
}

const BO_LOG_FORMAT: RunLogFormat = {
  owner: '@opnas/bayesopt',
  format: 'opnas-bo-log',
  version: 1,
  title: 'BO',
  recordName: 'round record',
  isRecord: (value) => {
    const r = value as Partial<BoRoundRecord> | null;
    return r?.type === 'round' && Number.isInteger(r.seed) && Number.isInteger(r.round) && !!r.bo && !!r.rng;
  },
};

/**
 * Read a JSON-lines run log; null when the file does not exist. Errors name the file and line.
 */
export async function readBoLog(path: string): Promise<BoLog | null> {
  const log = await readRunLog<BoLogHeader, BoRoundRecord>(path, BO_LOG_FORMAT);
  return log && { header: log.header, rounds: log.records };
}

/**
 * Write the whole log atomically ({@link writeRunLog}). Rounds are written in (seed, round)
 * order, so a resumed run's log is byte-identical to an uninterrupted one.
 */
export async function writeBoLog(path: string, log: BoLog): Promise<void> {
  const seedOrder = new Map(log.header.settings.seeds.map((s, i) => [s, i]));
  const rounds = [...log.rounds].sort((a, b) => (seedOrder.get(a.seed) ?? 0) - (seedOrder.get(b.seed) ?? 0) || a.round - b.round);
  await writeRunLog(path, log.header, rounds);
}
