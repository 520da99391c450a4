import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dagFromEdges } from './dag.js';
import { arbitraryGraph } from './arbitraries.test-util.js';
import { dagKey, isSameDag } from './same-dag.js';

describe('isSameDag and dagKey', () => {
  it('dagKey(a) === dagKey(b) exactly when isSameDag(a, b)', () => {
    fc.assert(
      fc.property(arbitraryGraph(10), arbitraryGraph(10), ({ types: t1, edges: e1 }, { types: t2, edges: e2 }) => {
        const a = dagFromEdges(t1, e1);
        const b = dagFromEdges(t2, e2);
        expect(dagKey(a) === dagKey(b)).toBe(isSameDag(a, b));
        expect(isSameDag(a, dagFromEdges(t1, [...e1].reverse()))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('compares types and in-neighbour sets index by index', () => {
    const a = dagFromEdges(
      [0, 2, 1],
      [
        [0, 1],
        [1, 2],
      ],
    );
    expect(
      isSameDag(
        a,
        dagFromEdges(
          [0, 3, 1],
          [
            [0, 1],
            [1, 2],
          ],
        ),
      ),
    ).toBe(false);
    expect(
      isSameDag(
        a,
        dagFromEdges(
          [0, 2, 1],
          [
            [0, 1],
            [1, 2],
            [0, 2],
          ],
        ),
      ),
    ).toBe(false);
    expect(
      isSameDag(
        a,
        dagFromEdges(
          [0, 2, 1, 1],
          [
            [0, 1],
            [1, 2],
          ],
        ),
      ),
    ).toBe(false);
  });
});
