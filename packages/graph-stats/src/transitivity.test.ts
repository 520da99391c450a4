import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryGraph, bruteTriangles } from './brute-force.test-utils.js';
import { GraphStatsError } from './errors.js';
import { chain3, specExample, star, triangle, triangleWithTail, twoEdges } from './fixtures.test-utils.js';
import { transitivity } from './transitivity.js';

describe('transitivity', () => {
  it('gives 0.6 on the protocol §1.3 example', () => {
    expect(transitivity(specExample)).toBeCloseTo(0.6, 15);
  });

  it('matches hand-computed values', () => {
    expect(transitivity(triangle)).toBe(1);
    expect(transitivity(chain3)).toBe(0);
    expect(transitivity(star)).toBe(0); // 3 triples at the centre, no triangle
    expect(transitivity(triangleWithTail)).toBeCloseTo(3 / 5, 15); // 1 triangle; triples 1 + 1 + 3
  });

  it('ignores directions and counts a pair joined both ways once', () => {
    const mutual = { types: [2, 2, 2], inMasks: [0b010, 0b101, 0b011] }; // 1→0, 0→1, 2→1, 0→2, 1→2
    expect(transitivity(mutual)).toBe(1);
  });

  it('returns 0 or throws, never NaN, without connected triples', () => {
    expect(transitivity(twoEdges)).toBe(0);
    expect(() => transitivity(twoEdges, { whenNoTriples: 'throw' })).toThrow(GraphStatsError);
    expect(() => transitivity(twoEdges, { whenNoTriples: 'throw' })).toThrow('@opnas/graph-stats: transitivity: dag has no connected triple');
  });

  it('equals 3·triangles / triples from vertex-triple enumeration on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(10, false), (dag) => {
        const { triangles, triples } = bruteTriangles(dag);
        expect(transitivity(dag)).toBeCloseTo(triples === 0 ? 0 : (3 * triangles) / triples, 12);
      }),
      { numRuns: 200 },
    );
  });
});
