import type { Evaluator } from '@opnas/bayesopt';
import { positiveInteger } from '@opnas/errors';
import { invalidArgument } from './errors.js';
import type { SearchOutcome } from './search-log.js';
import { type SearchOptions, type SearchRun, runSearch } from './search-run.js';

/** Options of {@link localSearch}. */
export interface LocalSearchOptions extends SearchOptions {
  /** Random architectures evaluated to pick a start (at the beginning and at every restart). Default 10. */
  readonly initialSize?: number;
  /**
   * Architectures sent to the evaluator at once, for the initial set and the neighbourhoods.
   * Default 1: an evaluator that fails on one architecture fails that one only.
   */
  readonly batchSize?: number;
}

const accuracyOf = (o: SearchOutcome | undefined): number => (o?.status === 'scored' ? o.accuracy! : -Infinity);

/**
 * Local search as White et al. (2021, "Local search is state of the art for NAS benchmarks")
 * run it: evaluate a random initial set and start from its best architecture; evaluate all of
 * the current architecture's neighbours (`SearchSpace.neighbours`: for ENAS-6, one op change
 * or one edge flip) that this seed has not queried, in a random order (which matters only when
 * the budget cuts the batch short); move to the best neighbour if it beats the current one,
 * otherwise — a local optimum — restart from the best of a new random initial set.
 */
export async function localSearch(evaluator: Evaluator, budget: number, options: LocalSearchOptions = {}): Promise<SearchRun> {
  const initialSize = positiveInteger(options.initialSize ?? 10, 'initialSize', invalidArgument);
  const batchSize = positiveInteger(options.batchSize ?? 1, 'batchSize', invalidArgument);
  return runSearch(
    async (c) => {
      while (c.remaining > 0) {
        const initial = c.sampleUnseen(Math.min(initialSize, c.remaining));
        if (initial.length === 0) return;
        const outcomes: SearchOutcome[] = [];
        for (let k = 0; k < initial.length; k += batchSize) outcomes.push(...(await c.evaluate(initial.slice(k, k + batchSize), 'initial')));
        let current: { arch: string; accuracy: number } | null = null;
        outcomes.forEach((o, i) => {
          if (o.status === 'scored' && (current === null || o.accuracy! > current.accuracy)) current = { arch: initial[i]!, accuracy: o.accuracy! };
        });
        while (current !== null && c.remaining > 0) {
          const here: { arch: string; accuracy: number } = current;
          const neighbours = c.space.neighbours(here.arch);
          c.rng.shuffle(neighbours);
          const fresh = neighbours.filter((n) => c.known(n) === undefined);
          for (let k = 0; k < fresh.length && c.remaining > 0; k += batchSize) await c.evaluate(fresh.slice(k, k + batchSize), 'neighbours');
          let next: { arch: string; accuracy: number } | null = null;
          for (const n of neighbours) {
            const a = accuracyOf(c.known(n));
            if (a > here.accuracy && (next === null || a > next.accuracy)) next = { arch: n, accuracy: a };
          }
          current = next; // null at a local optimum: restart
        }
      }
    },
    evaluator,
    budget,
    { algorithm: 'local-search', batchSize, parameters: { initialSize } },
    options,
  );
}
