import { type RunLogFormat, readRunLog, writeRunLog } from '@opnas/bayesopt';

/** The resolved settings a search's results depend on (stored in the log header). */
export interface SearchSettings {
  readonly algorithm: 'random-search' | 'regularised-evolution' | 'local-search';
  /** Architectures evaluated per seed (every query counts, failed ones included). */
  readonly budget: number;
  readonly seeds: readonly number[];
  /** `SearchSpace.name`. */
  readonly space: string;
  /** Architectures sent to the evaluator at once (random search, evolution). */
  readonly batchSize: number;
  /** Time limit of one evaluation call in ms, or null for none. */
  readonly timeoutMs: number | null;
  /** The algorithm's own parameters (population and sample size, initial set size). */
  readonly parameters: Readonly<Record<string, number>>;
}

/** First line of a search log. */
export interface SearchLogHeader {
  readonly type: 'header';
  readonly format: 'opnas-search-log';
  readonly version: 1;
  readonly settings: SearchSettings;
  readonly problem: { readonly evaluator: { readonly kind: string; readonly label: string; readonly surrogate: boolean } };
}

/** The outcome of one query, as the BO log records it (without the architecture). */
export interface SearchOutcome {
  readonly status: 'scored' | 'unscored' | 'failed';
  readonly accuracy?: number;
  readonly reason?: string;
}

/** One line of the log per evaluated batch (a "step") of one seed. */
export interface SearchStepRecord {
  readonly type: 'step';
  readonly seed: number;
  /** 0, 1, … within the seed. */
  readonly step: number;
  /** What the algorithm was doing, e.g. 'initial', 'mutation', 'neighbours', 'random'. */
  readonly phase: string;
  readonly architectures: string[];
  readonly outcomes: SearchOutcome[];
  /** Queries used by this seed after this step. */
  readonly queries: number;
  /** Best scored architecture of this seed so far. */
  readonly best: { readonly architecture: string; readonly accuracy: number } | null;
  /** FNV-1a of the seed's random state after the step: a resumed run checks it replays exactly. */
  readonly rng: string;
}

/** A parsed search log. */
export interface SearchLog {
  readonly header: SearchLogHeader;
  readonly steps: SearchStepRecord[];
}

const SEARCH_LOG_FORMAT: RunLogFormat = {
  owner: '@opnas/search',
  format: 'opnas-search-log',
  version: 1,
  title: 'search',
  recordName: 'step record',
  isRecord: (value) => {
    const r = value as Partial<SearchStepRecord> | null;
    return (
      r?.type === 'step' &&
      Number.isInteger(r.seed) &&
      Number.isInteger(r.step) &&
      Array.isArray(r.architectures) &&
      Array.isArray(r.outcomes) &&
      r.architectures.length === r.outcomes.length &&
      typeof r.rng === 'string'
    );
  },
};

/** Read a search log (the BO log's JSON-lines format); null when the file does not exist. */
export async function readSearchLog(path: string): Promise<SearchLog | null> {
  const log = await readRunLog<SearchLogHeader, SearchStepRecord>(path, SEARCH_LOG_FORMAT);
  return log && { header: log.header, steps: log.records };
}

/** Write the whole log atomically, steps in (seed, step) order. */
export async function writeSearchLog(path: string, log: SearchLog): Promise<void> {
  const seedOrder = new Map(log.header.settings.seeds.map((s, i) => [s, i]));
  const steps = [...log.steps].sort((a, b) => (seedOrder.get(a.seed) ?? 0) - (seedOrder.get(b.seed) ?? 0) || a.step - b.step);
  await writeRunLog(path, log.header, steps);
}
