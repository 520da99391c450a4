import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageLocalClustering } from './average-local-clustering.js';
import { arbitraryGraph, bruteTriangles } from './brute-force.test-utils.js';
import { GraphStatsError } from './errors.js';
import { star, triangle, triangleWithTail, twoEdges } from './fixtures.test-utils.js';

describe('averageLocalClustering', () => {
  it('matches hand-computed values', () => {
    expect(averageLocalClustering(triangle)).toBe(1);
    expect(averageLocalClustering(star)).toBe(0);
    // Local coefficients 1, 1, 1/3 and the tail vertex (degree 1) without one.
    expect(averageLocalClustering(triangleWithTail)).toBeCloseTo(7 / 9, 15);
    expect(averageLocalClustering(triangleWithTail, { lowDegreeVertices: 'zero' })).toBeCloseTo(7 / 12, 15);
  });

  it('returns 0 or throws when no vertex has two neighbours', () => {
    expect(averageLocalClustering(twoEdges)).toBe(0);
    expect(() => averageLocalClustering(twoEdges, { whenNoTriples: 'throw' })).toThrow(GraphStatsError);
    expect(averageLocalClustering(twoEdges, { lowDegreeVertices: 'zero', whenNoTriples: 'throw' })).toBe(0);
  });

  it('equals the enumerated mean of local coefficients on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(10, false), fc.boolean(), (dag, exclude) => {
        const { local, degree } = bruteTriangles(dag);
        const values = degree.flatMap((d, v) => (d >= 2 ? [local[v]! / ((d * (d - 1)) / 2)] : exclude ? [] : [0]));
        const expected = values.length === 0 ? 0 : values.reduce((s, x) => s + x, 0) / values.length;
        expect(averageLocalClustering(dag, { lowDegreeVertices: exclude ? 'exclude' : 'zero' })).toBeCloseTo(expected, 12);
      }),
      { numRuns: 200 },
    );
  });
});
