import fc from 'fast-check';
import graphologyDiameter from 'graphology-metrics/graph/diameter.js';
import { describe, expect, it } from 'vitest';
import { arbitraryGraph, floydWarshall } from './brute-force.test-utils.js';
import { diameter } from './diameter.js';
import { chain3, specExample, star, triangle, twoEdges } from './fixtures.test-utils.js';
import { toGraphology } from './to-graphology.js';

describe('diameter', () => {
  it('matches hand-computed values', () => {
    expect(diameter(chain3)).toBe(2);
    expect(diameter(triangle)).toBe(1);
    expect(diameter(star)).toBe(2);
    expect(diameter(specExample)).toBe(3); // 0–7 goes 0–5–6–7 undirected
    expect(diameter(twoEdges)).toBe(Infinity);
  });

  it('agrees with graphology-metrics and with Floyd–Warshall on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(10, false), (dag) => {
        const d = floydWarshall(dag, false);
        const n = d.length;
        const max = n < 2 ? Infinity : Math.max(...d.flat());
        expect(diameter(dag)).toBe(max);
        if (n >= 2) expect(diameter(dag)).toBe(graphologyDiameter(toGraphology(dag, { directed: false })));
      }),
      { numRuns: 150 },
    );
  });
});
