import type { Evaluator } from '@opnas/bayesopt';
import { positiveInteger } from '@opnas/errors';
import { invalidArgument } from './errors.js';
import { type SearchOptions, type SearchRun, runSearch } from './search-run.js';

/** Options of {@link randomSearch}. */
export interface RandomSearchOptions extends SearchOptions {
  /** Architectures drawn and evaluated at once. Default 1. */
  readonly batchSize?: number;
}

/**
 * Random search: draw architectures uniformly from the space (never one this seed has already
 * queried) and evaluate them, until `budget` queries per seed are spent. The baseline every NAS
 * method must beat (Li & Talwalkar 2019; Yang et al. 2020).
 */
export async function randomSearch(evaluator: Evaluator, budget: number, options: RandomSearchOptions = {}): Promise<SearchRun> {
  const batchSize = positiveInteger(options.batchSize ?? 1, 'batchSize', invalidArgument);
  return runSearch(
    async (c) => {
      while (c.remaining > 0) {
        const batch = c.sampleUnseen(Math.min(batchSize, c.remaining));
        if (batch.length === 0) return; // the space is exhausted
        await c.evaluate(batch, 'random');
      }
    },
    evaluator,
    budget,
    { algorithm: 'random-search', batchSize, parameters: {} },
    options,
  );
}
