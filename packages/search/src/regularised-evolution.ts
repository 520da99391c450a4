import type { Evaluator } from '@opnas/bayesopt';
import { positiveInteger } from '@opnas/errors';
import { SearchArgumentError, invalidArgument } from './errors.js';
import type { SearchOutcome } from './search-log.js';
import { type SearchOptions, type SearchRun, runSearch } from './search-run.js';

/** Options of {@link regularisedEvolution}; defaults are Real et al.'s (2019). */
export interface RegularisedEvolutionOptions extends SearchOptions {
  /** P, the population size (also the random initial population). Default 100. */
  readonly populationSize?: number;
  /** S, the tournament sample size. Default 25. */
  readonly sampleSize?: number;
  /** Children bred (and evaluated) at once from the same population. Default 1 (the sequential algorithm). */
  readonly batchSize?: number;
}

const fitness = (o: SearchOutcome): number => (o.status === 'scored' ? o.accuracy! : -Infinity);

/**
 * Regularised ("aging") evolution, Real et al. (2019), Algorithm 1: evaluate P random
 * architectures; then repeatedly sample S members of the population uniformly without
 * replacement, mutate the best of the sample (`SearchSpace.mutate`), evaluate the child,
 * add it, and remove the *oldest* member — not the worst — so the population stays at P.
 * An architecture whose evaluation failed or went unscored joins with fitness −∞ (it ages out
 * like any other). Duplicate children are queried like new ones (the cache answers them).
 */
export async function regularisedEvolution(evaluator: Evaluator, budget: number, options: RegularisedEvolutionOptions = {}): Promise<SearchRun> {
  const populationSize = positiveInteger(options.populationSize ?? 100, 'populationSize', invalidArgument);
  const sampleSize = positiveInteger(options.sampleSize ?? 25, 'sampleSize', invalidArgument);
  const batchSize = positiveInteger(options.batchSize ?? 1, 'batchSize', invalidArgument);
  if (sampleSize > populationSize) {
    throw new SearchArgumentError(`@opnas/search: sampleSize (${sampleSize}) must not exceed populationSize (${populationSize})`, 'sampleSize');
  }
  return runSearch(
    async (c) => {
      const population: { arch: string; fitness: number }[] = [];
      while (population.length < populationSize && c.remaining > 0) {
        const batch = c.sampleUnseen(Math.min(batchSize, populationSize - population.length, c.remaining));
        if (batch.length === 0) break;
        const outcomes = await c.evaluate(batch, 'initial');
        outcomes.forEach((o, i) => population.push({ arch: batch[i]!, fitness: fitness(o) }));
      }
      if (population.length === 0) return;
      while (c.remaining > 0) {
        const children: string[] = [];
        for (let b = 0; b < Math.min(batchSize, c.remaining); b++) {
          // a partial Fisher–Yates shuffle draws the tournament without replacement
          const order = population.map((_, i) => i);
          const s = Math.min(sampleSize, order.length);
          let parent = -1;
          for (let k = 0; k < s; k++) {
            const j = k + c.rng.randbelow(order.length - k);
            [order[k], order[j]] = [order[j]!, order[k]!];
            if (parent < 0 || population[order[k]!]!.fitness > population[parent]!.fitness) parent = order[k]!;
          }
          children.push(c.space.mutate(population[parent]!.arch, c.rng));
        }
        const outcomes = await c.evaluate(children, 'mutation');
        outcomes.forEach((o, i) => population.push({ arch: children[i]!, fitness: fitness(o) }));
        while (population.length > populationSize) population.shift();
      }
    },
    evaluator,
    budget,
    { algorithm: 'regularised-evolution', batchSize, parameters: { populationSize, sampleSize } },
    options,
  );
}
