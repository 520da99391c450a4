import fc from 'fast-check';
import { singleSourceLength } from 'graphology-shortest-path/unweighted.js';
import { describe, expect, it } from 'vitest';
import { arbitraryGraph, floydWarshall } from './brute-force.test-utils.js';
import { shortestPathLengths } from './shortest-path-lengths.js';
import { toGraphology } from './to-graphology.js';

describe('shortestPathLengths', () => {
  it('agrees with graphology-shortest-path BFS and with Floyd–Warshall on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(12, false), fc.boolean(), (dag, directed) => {
        const { n, lengths } = shortestPathLengths(dag, { directed });
        const graph = toGraphology(dag, { directed });
        const fw = floydWarshall(dag, directed);
        for (let i = 0; i < n; i++) {
          const fromGraphology = singleSourceLength(graph, String(i));
          for (let j = 0; j < n; j++) {
            const expected = fromGraphology[String(j)] ?? -1;
            expect(lengths[i * n + j]).toBe(expected);
            expect(lengths[i * n + j]).toBe(Number.isFinite(fw[i]![j]!) ? fw[i]![j] : -1);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('handles the 32-vertex limit (bit 31)', () => {
    const types = new Array<number>(32).fill(2);
    const masks = types.map((_, i) => (i === 0 ? 0 : (1 << (i - 1)) >>> 0));
    const { lengths } = shortestPathLengths({ types, inMasks: masks });
    expect(lengths[0 * 32 + 31]).toBe(31);
    expect(lengths[31 * 32 + 0]).toBe(-1);
  });
});
