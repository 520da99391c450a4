import { BayesOptLogError, CachedEvaluator, type Evaluator, guardedEvaluator, normaliseFlat } from '@opnas/bayesopt';
import { positiveInteger } from '@opnas/errors';
import { PythonRandom, type PythonRandomState } from '@opnas/rng';
import { enasSpace } from './enas-space.js';
import { SearchArgumentError, invalidArgument } from './errors.js';
import { type SearchLog, type SearchLogHeader, type SearchOutcome, type SearchSettings, type SearchStepRecord, readSearchLog, writeSearchLog } from './search-log.js';
import type { SearchSpace } from './search-space.js';

/** Options every search baseline takes. */
export interface SearchOptions {
  /** Seeds (repetitions), run one after another. Default 1..10, as the BO loop. */
  readonly seeds?: readonly number[];
  /** Default {@link enasSpace}. */
  readonly space?: SearchSpace;
  /** Time limit of one evaluation call in ms; a batch that exceeds it is recorded as failed. Default none. */
  readonly timeoutMs?: number;
  /** JSON-lines log; when it exists the run resumes from it and reproduces it exactly. */
  readonly logPath?: string;
  /**
   * Minimum time between two log rewrites in ms (the log is always written at the end of a seed
   * and when the run stops). 0 writes after every step. Default 1000: cheap evaluators do not
   * spend their time rewriting the log; a killed run redoes at most this much work.
   */
  readonly checkpointIntervalMs?: number;
  /** Called after each step, replayed ones included (`resumed` true). */
  readonly onStep?: (record: SearchStepRecord, resumed: boolean) => void;
  readonly signal?: AbortSignal;
}

/** What every search baseline returns. */
export interface SearchRun {
  readonly header: SearchLogHeader;
  /** Every step, in (seed, step) order, resumed ones included. */
  readonly steps: SearchStepRecord[];
}

/** What a search algorithm sees of the run: one seed's random stream, budget and history. */
export interface SearchContext {
  readonly seed: number;
  readonly rng: PythonRandom;
  readonly space: SearchSpace;
  /** Queries left for this seed. */
  readonly remaining: number;
  /** The outcome of an architecture this seed has already queried. */
  known(arch: string): SearchOutcome | undefined;
  /**
   * Query architectures (at most `remaining` of them are sent; the rest are dropped). Every one
   * counts against the budget. Returns one outcome per architecture sent.
   */
  evaluate(archs: readonly string[], phase: string): Promise<SearchOutcome[]>;
  /** Up to `count` distinct random architectures this seed has not queried (fewer if the space runs out). */
  sampleUnseen(count: number): string[];
}

/** A search algorithm: queries through the context until the budget is spent (or it gives up). */
export type SearchAlgorithm = (context: SearchContext) => Promise<void>;

/** The algorithm-specific part of the settings. */
export interface SearchDefinition {
  readonly algorithm: SearchSettings['algorithm'];
  readonly batchSize: number;
  readonly parameters: Readonly<Record<string, number>>;
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function rngFingerprint(state: PythonRandomState): string {
  let h = 0x811c9dc5;
  const eat = (word: number) => {
    for (let k = 0; k < 4; k++) {
      h ^= (word >>> (8 * k)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  for (const w of state.mt) eat(w);
  eat(state.index);
  eat(state.gaussNext === null ? 0 : Math.round(state.gaussNext * 2 ** 30));
  return h.toString(16).padStart(8, '0');
}

/**
 * Run a search algorithm for every seed with the BO loop's machinery: the evaluator is guarded
 * (throws, hangs past `timeoutMs`, NaN ⇒ failed evaluations with their reason) and cached, every
 * batch is a step record of a JSON-lines log rewritten atomically, and a run started on an existing
 * log replays it — the algorithm runs again from its seed, each logged step answers its query
 * (checked: same architectures, same random state) — then continues, so a killed run resumed
 * writes exactly the log of an uninterrupted one.
 */
export async function runSearch(algorithm: SearchAlgorithm, evaluator: Evaluator, budget: number, definition: SearchDefinition, options: SearchOptions = {}): Promise<SearchRun> {
  const space = options.space ?? enasSpace;
  const seeds = options.seeds ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0) || new Set(seeds).size !== seeds.length) {
    throw new SearchArgumentError(`@opnas/search: seeds must be distinct non-negative integers, got [${seeds.join(', ')}]`, 'seeds');
  }
  if (!evaluator || typeof evaluator.evaluate !== 'function') throw new SearchArgumentError('@opnas/search: evaluator must have an evaluate(flats) method', 'evaluator');
  const checkpointMs = options.checkpointIntervalMs ?? 1000;
  if (!(checkpointMs >= 0)) throw new SearchArgumentError(`@opnas/search: checkpointIntervalMs must be ≥ 0, got ${checkpointMs}`, 'checkpointIntervalMs');
  const settings: SearchSettings = {
    algorithm: definition.algorithm,
    budget: positiveInteger(budget, 'budget', invalidArgument),
    seeds: [...seeds],
    space: space.name,
    batchSize: positiveInteger(definition.batchSize, 'batchSize', invalidArgument),
    timeoutMs: options.timeoutMs ?? null,
    parameters: definition.parameters,
  };
  const guarded = guardedEvaluator(evaluator, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
  const cached = new CachedEvaluator(guarded);
  const header: SearchLogHeader = {
    type: 'header',
    format: 'opnas-search-log',
    version: 1,
    settings,
    problem: { evaluator: { kind: evaluator.kind, label: evaluator.label, surrogate: evaluator.surrogate } },
  };
  const where = `@opnas/search: ${options.logPath}`;
  const logged = new Map<number, SearchStepRecord[]>();
  if (options.logPath) {
    const previous = await readSearchLog(options.logPath);
    if (previous) {
      for (const key of Object.keys(settings) as (keyof SearchSettings)[]) {
        if (!sameJson(previous.header.settings[key], settings[key])) {
          throw new BayesOptLogError(`${where}: the log was written with ${key} = ${JSON.stringify(previous.header.settings[key])}, this run has ${JSON.stringify(settings[key])}`);
        }
      }
      if (!sameJson(previous.header.problem, header.problem)) {
        throw new BayesOptLogError(`${where}: the log was written with another evaluator (${JSON.stringify(previous.header.problem.evaluator.label)})`);
      }
      for (const r of previous.steps) logged.set(r.seed, [...(logged.get(r.seed) ?? []), r]);
      for (const steps of logged.values()) steps.sort((a, b) => a.step - b.step);
    }
  }
  const log: SearchLog = { header, steps: [...logged.values()].flat() };
  let dirty = false;
  let lastWrite = performance.now();
  const save = async (force: boolean) => {
    if (!options.logPath || !dirty) return;
    if (!force && performance.now() - lastWrite < checkpointMs) return;
    await writeSearchLog(options.logPath, log);
    dirty = false;
    lastWrite = performance.now();
  };

  try {
    for (const seed of settings.seeds) {
      const replay = logged.get(seed) ?? [];
      const rng = new PythonRandom(seed);
      const known = new Map<string, SearchOutcome>();
      let queries = 0;
      let step = 0;
      let best: SearchStepRecord['best'] = null;
      const context: SearchContext = {
        seed,
        rng,
        space,
        get remaining() {
          return settings.budget - queries;
        },
        known: (arch) => known.get(normaliseFlat(arch)),
        sampleUnseen(count) {
          const out: string[] = [];
          const taken = new Set<string>();
          for (let tries = 0; out.length < count && tries < 100 * count + 1000; tries++) {
            const a = normaliseFlat(space.sample(rng));
            if (known.has(a) || taken.has(a)) continue;
            taken.add(a);
            out.push(a);
          }
          return out;
        },
        async evaluate(input, phase) {
          const archs = input.slice(0, settings.budget - queries).map(normaliseFlat);
          if (archs.length === 0) return [];
          const previous = replay[step];
          let outcomes: SearchOutcome[];
          const fingerprint = rngFingerprint(rng.getState());
          if (previous) {
            if (previous.step !== step || previous.phase !== phase || !sameJson(previous.architectures, archs) || previous.rng !== fingerprint) {
              throw new BayesOptLogError(
                `${where}: step ${step} of seed ${seed} does not replay (other architectures or random state than the log's): the log was written by other code or inputs`,
              );
            }
            outcomes = previous.outcomes;
            // later steps (and seeds) that query these again get the logged answer, as in the BO loop
            archs.forEach((flat, i) => {
              const o = outcomes[i]!;
              if (cached.peek(flat)) return;
              cached.remember(
                o.status === 'scored'
                  ? { flat, status: 'scored', accuracy: o.accuracy!, source: evaluator.kind }
                  : { flat, status: o.status, reason: o.reason ?? '', source: evaluator.kind },
              );
            });
          } else {
            options.signal?.throwIfAborted();
            const evaluations = await cached.evaluate(archs, options.signal === undefined ? {} : { signal: options.signal });
            outcomes = evaluations.map((e) => (e.status === 'scored' ? { status: 'scored', accuracy: e.accuracy } : { status: e.status, reason: e.reason }));
          }
          archs.forEach((a, i) => {
            const o = outcomes[i]!;
            known.set(a, o);
            if (o.status === 'scored' && (best === null || o.accuracy! > best.accuracy)) best = { architecture: a, accuracy: o.accuracy! };
          });
          queries += archs.length;
          const record: SearchStepRecord = { type: 'step', seed, step, phase, architectures: archs, outcomes, queries, best, rng: fingerprint };
          step++;
          if (previous) {
            if (!sameJson(previous, record)) throw new BayesOptLogError(`${where}: step ${previous.step} of seed ${seed} does not replay (its record differs)`);
            options.onStep?.(previous, true);
          } else {
            log.steps.push(record);
            dirty = true;
            await save(false);
            options.onStep?.(record, false);
          }
          return outcomes;
        },
      };
      await algorithm(context);
      if (step < replay.length)
        throw new BayesOptLogError(`${where}: the log has ${replay.length} steps for seed ${seed}, this run makes ${step}: the log was written by other code`);
      await save(true);
    }
  } finally {
    await save(true);
  }
  const seedOrder = new Map(settings.seeds.map((s, i) => [s, i]));
  const steps = log.steps.sort((a, b) => seedOrder.get(a.seed)! - seedOrder.get(b.seed)! || a.step - b.step);
  return { header, steps };
}
