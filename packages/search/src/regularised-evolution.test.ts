import { describe, expect, it } from 'vitest';
import { enasSpace } from './enas-space.js';
import { randomSearch } from './random-search.js';
import { regularisedEvolution } from './regularised-evolution.js';
import { additiveAccuracy, additiveEvaluator } from './synthetic-evaluator.test-util.js';

describe('regularisedEvolution (Real et al. 2019)', () => {
  it('starts from P random architectures, then breeds one child per step', async () => {
    const run = await regularisedEvolution(additiveEvaluator(), 30, { seeds: [1], populationSize: 10, sampleSize: 3 });
    expect(run.steps.map((s) => s.phase)).toEqual([...new Array(10).fill('initial'), ...new Array(20).fill('mutation')]);
  });

  it('with S = P mutates the best of the P most recent queries: the population ages out, it does not keep the best', async () => {
    const p = 4;
    const run = await regularisedEvolution(additiveEvaluator(), 60, { seeds: [2], populationSize: p, sampleSize: p });
    const queries = run.steps.flatMap((s) => s.architectures);
    let agedOut = 0;
    for (let k = p; k < queries.length; k++) {
      const recent = queries.slice(k - p, k);
      const top = Math.max(...recent.map(additiveAccuracy));
      const parents = recent.filter((a) => additiveAccuracy(a) === top); // ties: any of them
      expect(parents.some((parent) => enasSpace.neighbours(parent).includes(queries[k]!))).toBe(true);
      const parent = parents[0]!;
      // the all-time best is sometimes not in the population any more (aging, not elitism)
      const allTime = Math.max(...queries.slice(0, k).map(additiveAccuracy));
      if (additiveAccuracy(parent) < allTime) agedOut++;
    }
    expect(agedOut).toBeGreaterThan(0);
  });

  it('with S < P the parent is one of the P most recent queries', async () => {
    const run = await regularisedEvolution(additiveEvaluator(), 50, { seeds: [4], populationSize: 6, sampleSize: 2, batchSize: 3 });
    const steps = run.steps;
    for (const s of steps.filter((x) => x.phase === 'mutation')) {
      const before = steps
        .filter((x) => x.step < s.step)
        .flatMap((x) => x.architectures)
        .slice(-6);
      for (const child of s.architectures) expect(before.some((a) => enasSpace.neighbours(a).includes(child))).toBe(true);
    }
  });

  it('beats random search on a separable objective with the same budget and seeds', async () => {
    const seeds = [1, 2, 3, 4, 5];
    const evolution = await regularisedEvolution(additiveEvaluator(), 300, { seeds, populationSize: 30, sampleSize: 10 });
    const random = await randomSearch(additiveEvaluator(), 300, { seeds });
    const finalBest = (steps: typeof random.steps) => seeds.map((seed) => steps.filter((s) => s.seed === seed).at(-1)!.best!.accuracy);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(finalBest(evolution.steps))).toBeGreaterThan(mean(finalBest(random.steps)));
  });

  it('rejects a tournament larger than the population', async () => {
    await expect(regularisedEvolution(additiveEvaluator(), 10, { populationSize: 5, sampleSize: 6 })).rejects.toThrow(/sampleSize \(6\) must not exceed populationSize \(5\)/);
  });
});
