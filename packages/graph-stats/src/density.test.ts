import fc from 'fast-check';
import { directedDensity, undirectedDensity } from 'graphology-metrics/graph/density.js';
import { describe, expect, it } from 'vitest';
import { adjacencyMatrix, arbitraryGraph } from './brute-force.test-utils.js';
import { density } from './density.js';
import { chain3, single, specExample, triangle } from './fixtures.test-utils.js';
import { toGraphology } from './to-graphology.js';

describe('density', () => {
  it('matches hand-computed values', () => {
    expect(density(specExample)).toBe(14 / 56);
    expect(density(chain3)).toBe(2 / 6);
    expect(density(triangle)).toBe(3 / 6);
    expect(density(triangle, { directed: false })).toBe(1);
    expect(density(single)).toBe(0);
  });

  it('counts edges over possible edges on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(9, false), fc.boolean(), (dag, directed) => {
        const a = adjacencyMatrix(dag, directed);
        const n = a.length;
        const ones = a.flat().filter(Boolean).length; // undirected matrices hold each edge twice
        expect(density(dag, { directed })).toBeCloseTo(n < 2 ? 0 : ones / (n * (n - 1)), 12);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with graphology-metrics on the graphology form of random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(9, false), fc.boolean(), (dag, directed) => {
        const graph = toGraphology(dag, { directed });
        const reference = directed ? directedDensity(graph) : undirectedDensity(graph);
        expect(density(dag, { directed })).toBeCloseTo(graph.order < 2 ? 0 : reference, 14);
      }),
      { numRuns: 100 },
    );
  });
});
