import { describe, expect, it } from 'vitest';
import { bestSoFarCurves } from './best-so-far.js';
import { randomSearch } from './random-search.js';
import { additiveAccuracy, additiveEvaluator } from './synthetic-evaluator.test-util.js';

describe('randomSearch', () => {
  it('spends exactly the budget per seed on distinct architectures, in batches', async () => {
    const calls: string[][] = [];
    const run = await randomSearch(additiveEvaluator(calls), 23, { seeds: [1, 2], batchSize: 5 });
    expect(calls.map((c) => c.length)).toEqual([5, 5, 5, 5, 3, 5, 5, 5, 5, 3]);
    for (const seed of [1, 2]) {
      const archs = run.steps.filter((s) => s.seed === seed).flatMap((s) => s.architectures);
      expect(new Set(archs).size).toBe(23);
    }
    // seeds draw different architectures
    expect(calls[0]).not.toEqual(calls[5]);
    expect(run.header.settings).toMatchObject({ algorithm: 'random-search', budget: 23, batchSize: 5, space: 'enas-6' });
  });

  it('reports best-so-far per query, computed from the outcomes', async () => {
    const run = await randomSearch(additiveEvaluator(), 12, { seeds: [3], batchSize: 4 });
    const archs = run.steps.flatMap((s) => s.architectures);
    const [curve] = bestSoFarCurves(run);
    expect(curve!.best).toHaveLength(12);
    archs.forEach((_, k) => expect(curve!.best[k]).toBe(Math.max(...archs.slice(0, k + 1).map(additiveAccuracy))));
    expect(run.steps.at(-1)!.best!.accuracy).toBe(curve!.best[11]);
  });

  it('rejects a budget that is not a positive integer', async () => {
    await expect(randomSearch(additiveEvaluator(), 0)).rejects.toThrow(/@opnas\/search: budget must be a positive integer, got 0/);
    await expect(randomSearch(additiveEvaluator(), 5, { batchSize: 1.5 })).rejects.toThrow(/batchSize must be a positive integer/);
  });
});
