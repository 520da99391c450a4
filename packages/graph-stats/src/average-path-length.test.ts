import { createDag } from '@opnas/dag';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePathLength } from './average-path-length.js';
import { arbitraryGraph, floydWarshall } from './brute-force.test-utils.js';
import { GraphStatsError } from './errors.js';
import { chain3, single, specExample, star, twoEdges } from './fixtures.test-utils.js';

describe('averagePathLength', () => {
  it('gives 1.7143 on the protocol §1.3 example (48 hops over 28 reachable pairs)', () => {
    expect(averagePathLength(specExample)).toBeCloseTo(48 / 28, 12);
    expect(averagePathLength(specExample).toFixed(4)).toBe('1.7143');
  });

  it("gives exactly half with the paper's eq. (12) on an ENAS graph", () => {
    expect(averagePathLength(specExample, { convention: 'equation12' })).toBe(averagePathLength(specExample) / 2);
  });

  it('matches hand-computed values on small graphs', () => {
    expect(averagePathLength(chain3)).toBeCloseTo(4 / 3, 15); // 1 + 1 + 2 over 3 pairs
    expect(averagePathLength(chain3, { convention: 'equation12' })).toBeCloseTo(4 / 6, 15);
    expect(averagePathLength(star)).toBe(1);
    expect(averagePathLength(star, { convention: 'equation12' })).toBeCloseTo(3 / 12, 15);
    // Undirected: centre–leaf 1 hop (6 ordered pairs), leaf–leaf 2 hops (6 ordered pairs).
    expect(averagePathLength(star, { directed: false })).toBeCloseTo(18 / 12, 15);
    expect(averagePathLength(twoEdges)).toBe(1);
  });

  it('returns 0 or throws, never NaN, when no pair is joined by a path', () => {
    const empty = createDag([2, 2, 2], [0, 0, 0]);
    expect(averagePathLength(empty)).toBe(0);
    expect(averagePathLength(single)).toBe(0);
    expect(() => averagePathLength(empty, { whenNoPaths: 'throw' })).toThrow(GraphStatsError);
    expect(() => averagePathLength(empty, { whenNoPaths: 'throw' })).toThrow('@opnas/graph-stats: averagePathLength: dag has no pair');
  });

  it('equals the mean of finite Floyd–Warshall distances on random graphs (both conventions, both directions)', () => {
    fc.assert(
      fc.property(arbitraryGraph(9, false), fc.boolean(), (dag, directed) => {
        const d = floydWarshall(dag, directed);
        const n = d.length;
        let sum = 0;
        let pairs = 0;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (i !== j && Number.isFinite(d[i]![j]!)) {
              sum += d[i]![j]!;
              pairs++;
            }
          }
        }
        expect(averagePathLength(dag, { directed })).toBeCloseTo(pairs === 0 ? 0 : sum / pairs, 12);
        if (pairs > 0) expect(averagePathLength(dag, { directed, convention: 'equation12' })).toBeCloseTo(sum / (n * (n - 1)), 12);
      }),
      { numRuns: 200 },
    );
  });
});
