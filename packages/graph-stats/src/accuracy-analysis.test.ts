import { enasFlatToDag } from '@opnas/dag';
import { describe, expect, it } from 'vitest';
import { accuracyAnalysis } from './accuracy-analysis.js';
import { averagePathLength } from './average-path-length.js';
import { pearson } from '@opnas/metrics';
import { transitivity } from './transitivity.js';

const flats = [
  '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
  '1 0 1 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0',
  '3 3 0 2 0 1 3 1 0 0 3 1 0 1 0 3 0 0 1 1 0',
  '2 1 1 2 1 1 2 1 1 1 2 1 1 1 1 2 1 1 1 1 1',
  '5 4 0 3 1 0 2 0 1 0 1 0 0 1 0 0 1 0 0 1 0',
];

describe('accuracyAnalysis', () => {
  const graphs = flats.map((flat, k) => ({ dag: enasFlatToDag(flat), accuracy: [0.72, 0.705, 0.74, 0.731, 0.7165][k]!, index: [4, 2, 0, 3, 1][k]! }));

  it('puts graphs in dataset order and computes each statistic per graph', () => {
    const a = accuracyAnalysis(graphs);
    expect(a.graphs.map((g) => g.index)).toEqual([0, 1, 2, 3, 4]);
    expect(a.apl).toEqual(a.graphs.map((g) => averagePathLength(g.dag)));
    expect(a.transitivity).toEqual(a.graphs.map((g) => transitivity(g.dag)));
    expect(a.pearson.apl.coefficient).toBeCloseTo(pearson(a.apl, a.accuracy).coefficient, 15);
  });

  it('summarises each performance group by size and mean statistics', () => {
    const a = accuracyAnalysis(graphs);
    expect(a.groupSummaries.map((g) => g.size).reduce((x, y) => x + y, 0)).toBe(graphs.length);
    for (const [k, g] of a.groups.entries()) {
      const s = a.groupSummaries[k]!;
      expect(s.meanApl).toBeCloseTo(g.members.reduce((sum, i) => sum + a.apl[i]!, 0) / g.members.length, 12);
    }
  });

  it('keeps the input order when graphs have no index', () => {
    const plain = graphs.map(({ dag, accuracy }) => ({ dag, accuracy }));
    expect(accuracyAnalysis(plain).accuracy).toEqual(plain.map((g) => g.accuracy));
  });
});
