import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { enasSpace } from './enas-space.js';
import { poolSpace } from './pool-space.js';
import { randomSearch } from './random-search.js';
import { regularisedEvolution } from './regularised-evolution.js';
import { additiveEvaluator } from './synthetic-evaluator.test-util.js';

/** A pool of 60: 20 random architectures and two neighbours of each. */
function pool(): string[] {
  const rng = new PythonRandom(3);
  return Array.from({ length: 20 }, () => enasSpace.sample(rng)).flatMap((a) => [a, ...enasSpace.neighbours(a).slice(0, 2)]);
}

describe('poolSpace', () => {
  it('samples, mutates and lists neighbours inside the pool only', () => {
    const members = pool();
    const space = poolSpace(members);
    const rng = new PythonRandom(1);
    for (let k = 0; k < 200; k++) expect(members).toContain(space.sample(rng));
    for (const a of members) {
      const n = space.neighbours(a);
      for (const b of n) expect(members.includes(b) && enasSpace.neighbours(a).includes(b)).toBe(true);
      const m = space.mutate(a, rng);
      if (n.length) expect(n).toContain(m);
      else expect(members).toContain(m);
    }
    expect(space.name).toMatch(/^enas-6\/pool-60-[0-9a-f]{8}$/);
    expect(poolSpace(members.slice(1)).name).not.toBe(space.name);
    expect(() => poolSpace([])).toThrow(/the pool is empty/);
  });

  it('with `nearest`, lists the k pool members closest in edit distance', () => {
    const members = pool();
    const space = poolSpace(members, undefined, { nearest: 4 });
    const distance = (a: string, b: string) => a.split(' ').filter((v, i) => v !== b.split(' ')[i]).length;
    for (const a of members.slice(0, 10)) {
      const n = space.neighbours(a);
      expect(n).toHaveLength(4);
      const others = members
        .filter((b) => b !== a)
        .map((b) => distance(a, b))
        .sort((x, y) => x - y);
      expect(n.map((b) => distance(a, b))).toEqual(others.slice(0, 4));
      expect(n).toContain(space.mutate(a, new PythonRandom(1)));
    }
    expect(space.name).toMatch(/\/nearest-4$/);
    expect(() => poolSpace(members, undefined, { nearest: 0 })).toThrow(/nearest must be a positive integer/);
  });

  it('lets random search visit the whole pool once and stop when it is exhausted', async () => {
    const members = pool();
    const run = await randomSearch(additiveEvaluator(), 80, { seeds: [1], batchSize: 7, space: poolSpace(members) });
    const visited = run.steps.flatMap((s) => s.architectures);
    expect(visited).toHaveLength(60);
    expect(new Set(visited)).toEqual(new Set(members));
  });

  it('keeps regularised evolution inside the pool', async () => {
    const members = new Set(pool());
    const run = await regularisedEvolution(additiveEvaluator(), 50, { seeds: [2], populationSize: 10, sampleSize: 3, space: poolSpace([...members]) });
    for (const a of run.steps.flatMap((s) => s.architectures)) expect(members.has(a)).toBe(true);
  });
});
