import { PythonRandom } from '@opnas/rng';
import { describe, expect, it } from 'vitest';
import { TsneError } from './errors.js';
import { plainExactTsne, squaredDistanceMatrix } from './reference-tsne.test-utils.js';
import { trustworthiness } from './trustworthiness.js';
import { tsne, type TsneProgress } from './tsne.js';

/** 200 points in 10-D: four Gaussian clusters of unequal spread. */
function clusters(): number[][] {
  const random = new PythonRandom(42);
  return Array.from({ length: 200 }, (_, i) => {
    const c = i % 4;
    return Array.from({ length: 10 }, (_, d) => (d === c ? 6 : 0) + (1 + c / 2) * random.gauss(0, 1));
  });
}

/** Mean fraction of each point's k nearest neighbours in x that stay among its k nearest in y. */
function knnPreservation(x: number[][], y: number[][], k: number): number {
  const dx = squaredDistanceMatrix(x);
  const dy = squaredDistanceMatrix(y);
  const near = (d: number[][], i: number) =>
    new Set(
      [...d[i]!.keys()]
        .filter((j) => j !== i)
        .sort((a, b) => d[i]![a]! - d[i]![b]!)
        .slice(0, k),
    );
  let kept = 0;
  for (let i = 0; i < x.length; i++) {
    const a = near(dx, i);
    for (const j of near(dy, i)) if (a.has(j)) kept++;
  }
  return kept / (x.length * k);
}

const rowsOf = (e: Float64Array) => Array.from({ length: e.length / 2 }, (_, i) => [e[2 * i]!, e[2 * i + 1]!]);

describe('tsne', () => {
  it('embeds as well as plain exact t-SNE with the same schedule (trustworthiness and 10-NN preservation)', () => {
    const x = clusters();
    const ours = rowsOf(tsne(x, { seed: 1 }).embedding);
    const random = new PythonRandom(1);
    const init = x.map(() => [1e-4 * random.gauss(0, 1), 1e-4 * random.gauss(0, 1)]);
    const exact = plainExactTsne(x, 30, init);
    const tOurs = trustworthiness(x, ours, 10);
    const tExact = trustworthiness(x, exact, 10);
    expect(tExact).toBeGreaterThan(0.85);
    expect(tOurs).toBeGreaterThan(tExact - 0.02);
    expect(knnPreservation(x, ours, 10)).toBeGreaterThan(knnPreservation(x, exact, 10) - 0.05);
  });

  it('is deterministic for a seed and changes with it', () => {
    const x = clusters().slice(0, 80);
    const a = tsne(x, { seed: 3, iterations: 300 }).embedding;
    const b = tsne(x, { seed: 3, iterations: 300 }).embedding;
    const c = tsne(x, { seed: 4, iterations: 300 }).embedding;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('reports neighbour-search progress and a falling KL every 50 iterations', () => {
    const seen: TsneProgress[] = [];
    const result = tsne(clusters(), { iterations: 400, onProgress: (p) => seen.push(p) });
    const optimise = seen.filter((p) => p.phase === 'optimise');
    expect(seen.some((p) => p.phase === 'neighbours' && p.done === p.total)).toBe(true);
    expect(optimise.map((p) => p.iteration)).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
    // After the exaggeration ends (iteration 250) the KL decreases.
    const late = optimise.filter((p) => p.iteration > 250).map((p) => p.klDivergence);
    for (let i = 1; i < late.length; i++) expect(late[i]!).toBeLessThan(late[i - 1]!);
    expect(result.klDivergence).toBeCloseTo(late[late.length - 1]!, 2);
    expect(result.iterations).toBe(400);
  });

  it('rejects bad input with named errors', () => {
    expect(() => tsne([[1, 2], [3]])).toThrow('@opnas/tsne: tsne: row 1 has 1 values but row 0 has 2');
    expect(() => tsne({ rows: 2, cols: 2, data: [1, 2, 3] })).toThrow('input.data has 3 values but 2 × 2 = 4');
    expect(() => tsne([[1], [Number.NaN], [2]])).toThrow('value at row 1, column 0 is NaN');
    expect(() => tsne([[1], [2], [3]])).toThrow('options.perplexity (30) must be less than the number of points (3)');
    expect(() => tsne([[1], [2], [3]], { perplexity: 1, learningRate: -1 })).toThrow(TsneError);
    expect(() => tsne([[1], [2], [3]], { perplexity: 1, angle: 2 })).toThrow('options.angle must be in [0, 1]');
  });
});
