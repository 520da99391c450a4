import { dagFromEdges } from '@opnas/dag';
import { readEnasGraphs } from '@opnas/testing';
import { describe, expect, it } from 'vitest';
import { decoderAmbiguity } from './decoder-ambiguity.js';

// The 8-vertex operation-on-node form of a NAS-Bench-201 cell (arch2vec): input, the operations of
// edges 0→1, 0→2, 1→2, 0→3, 1→3, 2→3, output.
const NB201_EDGES: [number, number][] = [
  [0, 1],
  [0, 2],
  [0, 4],
  [1, 3],
  [1, 5],
  [2, 6],
  [3, 6],
  [4, 7],
  [5, 7],
  [6, 7],
];
const nb201 = (ops: number[]) => dagFromEdges([0, ...ops.map((o) => o + 2), 1], NB201_EDGES);

describe('decoderAmbiguity', () => {
  it('finds no ambiguity in ENAS graphs (the backbone gives every vertex its history)', () => {
    for (const g of readEnasGraphs(500)) {
      expect(decoderAmbiguity(g)).toBeNull();
      expect(decoderAmbiguity(g, { graphState: 'sum' })).toBeNull();
    }
  });

  it('vertices 2 and 3 of the same type decide the edge from vertex 1 from identical inputs (by hand)', () => {
    // vertex 2 (0→2) must not take 1, vertex 3 (1→2) must; both start from their type alone and
    // see the same h_1, so equal types make one of them wrong
    const cell = nb201([0, 1, 1, 2, 3, 4]);
    expect(decoderAmbiguity(cell, { graphState: 'sum' })).toEqual({ kind: 'edge', vertex: 3, source: 1, conflictsWith: { vertex: 2, source: 1 } });
  });

  it("with the 'last' rule, vertices 1 and 4 of one type give identical states to choose the next type from", () => {
    // h_1 = f(type, h_0) = h_4: the types of vertices 2 and 5 are decided from the same state
    const cell = nb201([0, 1, 2, 0, 3, 4]);
    expect(decoderAmbiguity(cell, { graphState: 'last' })).toEqual({ kind: 'type', vertex: 5, conflictsWith: { vertex: 2 } });
  });
});
