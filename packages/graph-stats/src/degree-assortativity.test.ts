import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjacencyMatrix, arbitraryGraph, plainPearson } from './brute-force.test-utils.js';
import { degreeAssortativity } from './degree-assortativity.js';
import { GraphStatsError } from './errors.js';
import { chain3, star, triangle } from './fixtures.test-utils.js';

describe('degreeAssortativity', () => {
  it('matches hand-computed values', () => {
    // Edge ends (out of source, in of target): (2,1), (1,2), (2,2): cov −1/9, variances 2/9.
    expect(degreeAssortativity(triangle)).toBeCloseTo(-0.5, 14);
    // Undirected star: every edge joins degree 3 to degree 1.
    expect(degreeAssortativity(star, { directed: false })).toBeCloseTo(-1, 14);
  });

  it('returns 0 or throws when undefined (a chain: every edge end has degree 1)', () => {
    expect(degreeAssortativity(chain3)).toBe(0);
    expect(() => degreeAssortativity(chain3, { whenUndefined: 'throw' })).toThrow(GraphStatsError);
    expect(() => degreeAssortativity(star, { whenUndefined: 'throw' })).toThrow('@opnas/graph-stats: degreeAssortativity: undefined');
  });

  it('is the Pearson correlation over the explicit edge list on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(9, false), fc.boolean(), (dag, directed) => {
        const a = adjacencyMatrix(dag, directed);
        const n = a.length;
        const outDeg = a.map((row) => row.filter(Boolean).length);
        const inDeg = a.map((_, j) => a.filter((row) => row[j]).length);
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (a[i]![j]) {
              xs.push(outDeg[i]!);
              ys.push(inDeg[j]!); // undirected: symmetric matrix, in = out = degree
            }
          }
        }
        const constant = (v: number[]) => v.every((x) => x === v[0]);
        const expected = xs.length === 0 || constant(xs) || constant(ys) ? 0 : plainPearson(xs, ys);
        expect(degreeAssortativity(dag, { directed })).toBeCloseTo(expected, 10);
      }),
      { numRuns: 200 },
    );
  });
});
