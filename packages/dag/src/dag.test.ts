import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDag, dagFromEdges, edgeCount, edgeList, hasEdge, inDegrees, maskToList, outDegrees, popcount, predecessors, successors } from './dag.js';
import { DagError } from './errors.js';
import { arbitraryGraph } from './arbitraries.test-util.js';

describe('Dag', () => {
  it('stores edges as in-neighbour masks and answers degree queries like a plain edge list', () => {
    fc.assert(
      fc.property(arbitraryGraph(), ({ types, edges }) => {
        const dag = dagFromEdges(types, edges);
        const n = types.length;
        expect(edgeCount(dag)).toBe(edges.length);
        const sorted = [...edges].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        expect(edgeList(dag)).toEqual(sorted);
        for (let v = 0; v < n; v++) {
          expect(inDegrees(dag)[v]).toBe(edges.filter(([, b]) => b === v).length);
          expect(outDegrees(dag)[v]).toBe(edges.filter(([a]) => a === v).length);
          expect(predecessors(dag, v)).toEqual(
            edges
              .filter(([, b]) => b === v)
              .map(([a]) => a)
              .sort((x, y) => x - y),
          );
          expect(successors(dag, v)).toEqual(
            edges
              .filter(([a]) => a === v)
              .map(([, b]) => b)
              .sort((x, y) => x - y),
          );
        }
        for (const [a, b] of edges) expect(hasEdge(dag, a, b)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('handles vertex 31 (the sign bit of a 32-bit mask)', () => {
    const types = new Array<number>(32).fill(2);
    const dag = dagFromEdges(types, [
      [31, 0],
      [0, 31],
      [30, 31],
    ]);
    expect(predecessors(dag, 0)).toEqual([31]);
    expect(predecessors(dag, 31)).toEqual([0, 30]);
    expect(outDegrees(dag)[31]).toBe(1);
    expect(popcount(0xffffffff)).toBe(32);
    expect(maskToList(0x80000001)).toEqual([0, 31]);
  });

  it('rejects malformed graphs with DagError naming the problem', () => {
    expect(() => createDag([0, 1], [0])).toThrow(/2 types but 1 in-neighbour masks/);
    expect(() => createDag([0, 1], [0, 4])).toThrow(/outside 0\.\.1/);
    expect(() => createDag([0, 1], [1, 0])).toThrow(/vertex 0 has a self loop/);
    expect(() => createDag([0, -1], [0, 1])).toThrow(/type of vertex 1/);
    expect(() => createDag([0, 1.5], [0, 1])).toThrow(DagError);
    expect(() => dagFromEdges([0, 1], [[0, 2]])).toThrow(/edge 0→2/);
    expect(() =>
      dagFromEdges(
        [0, 1],
        [
          [0, 1],
          [0, 1],
        ],
      ),
    ).toThrow(/duplicate edge 0→1/);
    expect(() => createDag(new Array<number>(33).fill(0), new Array<number>(33).fill(0))).toThrow(/at most 32/);
  });
});
