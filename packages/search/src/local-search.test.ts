import { describe, expect, it } from 'vitest';
import { enasSpace } from './enas-space.js';
import { localSearch } from './local-search.js';
import { ADDITIVE_OPTIMUM, additiveAccuracy, additiveEvaluator } from './synthetic-evaluator.test-util.js';

describe('localSearch (White et al. 2021)', () => {
  it('climbs from the best of the initial set through full neighbourhoods to the optimum of a separable objective', async () => {
    const run = await localSearch(additiveEvaluator(), 600, { seeds: [1], initialSize: 10, batchSize: 50 });
    const steps = run.steps;
    expect(steps[0]!.phase).toBe('initial');
    expect(steps[0]!.architectures).toHaveLength(10);
    // the first neighbourhood is the best initial architecture's, all 45 of them
    const start = steps[0]!.architectures.reduce((a, b) => (additiveAccuracy(b) > additiveAccuracy(a) ? b : a));
    expect(new Set(steps[1]!.architectures)).toEqual(new Set(enasSpace.neighbours(start)));
    // on a separable objective every local optimum is the global one: 0.6 + 6·0.01 + 15·0.002
    expect(steps.at(-1)!.best!.accuracy).toBeCloseTo(ADDITIVE_OPTIMUM, 12);
    expect(steps.at(-1)!.best!.architecture).toBe('2 2 1 2 1 1 2 1 1 1 2 1 1 1 1 2 1 1 1 1 1');
    expect(steps.at(-1)!.queries).toBe(600);
  });

  it('evaluates one architecture per call by default, the same search as with whole neighbourhoods', async () => {
    const one = await localSearch(additiveEvaluator(), 300, { seeds: [2] });
    const whole = await localSearch(additiveEvaluator(), 300, { seeds: [2], batchSize: 50 });
    expect(one.steps.every((s) => s.architectures.length === 1)).toBe(true);
    expect(one.steps.flatMap((s) => s.architectures)).toEqual(whole.steps.flatMap((s) => s.architectures));
  });

  it('moves to the best neighbour and restarts at a local optimum', async () => {
    // the separable objective has one local optimum, the global one: a restart follows reaching it
    const run = await localSearch(additiveEvaluator(), 1200, { seeds: [5], initialSize: 4, batchSize: 50 });
    const restart = run.steps.findIndex((s, i) => i > 0 && s.phase === 'initial');
    expect(restart).toBeGreaterThan(1);
    expect(run.steps[restart - 1]!.best!.accuracy).toBeCloseTo(ADDITIVE_OPTIMUM, 12);
    // before the restart, each neighbourhood batch is one edit away from an earlier, strictly better-so-far architecture
    for (const s of run.steps.slice(1, restart)) {
      expect(s.phase).toBe('neighbours');
      const earlier = run.steps.filter((x) => x.step < s.step).flatMap((x) => x.architectures);
      const centre = earlier.find((a) => s.architectures.every((b) => enasSpace.neighbours(a).includes(b)));
      expect(centre).toBeDefined();
    }
    // every neighbourhood batch holds unqueried architectures only
    const seen = new Set<string>();
    for (const s of run.steps) {
      for (const a of s.architectures) {
        expect(seen.has(a)).toBe(false);
        seen.add(a);
      }
    }
  });
});
