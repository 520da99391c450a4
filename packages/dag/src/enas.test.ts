import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { edgeList } from './dag.js';
import { dagToEnasFlat, dagToEnasLayers, enasFlatToDag, enasFlatToLayers, enasLayersToDag, enasLayersToFlat } from './enas.js';
import { DagError } from './errors.js';
import { isValidEnas } from './validity.js';
import { arbitraryEnasLayers } from './arbitraries.test-util.js';

describe('ENAS encodings (protocol §1.3, §1.4)', () => {
  // protocol §1.1/§1.3 example (file line index 1000).
  const example = [[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]];

  it('builds the protocol §1.3 example graph', () => {
    const dag = enasLayersToDag(example);
    expect(dag.types).toEqual([0, 3, 2, 7, 6, 2, 2, 1]);
    expect(
      edgeList(dag)
        .map(([a, b]) => [a, b])
        .sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!),
    ).toEqual([
      [0, 1],
      [0, 3],
      [0, 4],
      [0, 5],
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 3],
      [2, 4],
      [2, 6],
      [3, 4],
      [4, 5],
      [5, 6],
      [6, 7],
    ]);
    expect(enasLayersToFlat(example)).toBe('1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0');
  });

  it('round-trips nested ⇄ DAG ⇄ flat for every well-formed architecture', () => {
    fc.assert(
      fc.property(arbitraryEnasLayers(1, 12), (layers) => {
        const dag = enasLayersToDag(layers);
        expect(dagToEnasLayers(dag)).toEqual(layers);
        const flat = enasLayersToFlat(layers);
        expect(enasFlatToLayers(flat)).toEqual(layers);
        expect(dagToEnasFlat(enasFlatToDag(flat))).toBe(flat);
        expect(isValidEnas(dag, { vertexCount: layers.length + 2 })).toBe(true);
        expect(dag.types.length).toBe(layers.length + 2);
      }),
      { numRuns: 300 },
    );
  });

  it('skip bit j connects vertex j (j = 0 is the input) to the layer', () => {
    const layers = [[0], [1, 0], [2, 1, 0], [3, 0, 1, 0]];
    const dag = enasLayersToDag(layers);
    // layer 2 (vertex 3) with b_0 = 1 → edge 0→3; layer 3 (vertex 4) with b_1 = 1 → edge 1→4.
    expect(dag.inMasks[3]).toBe((1 << 2) | (1 << 0));
    expect(dag.inMasks[4]).toBe((1 << 3) | (1 << 1));
    expect(dag.inMasks[5]).toBe(1 << 4); // the output's only in-edge
  });

  it('rejects malformed input with DagError saying what was expected', () => {
    expect(() => enasLayersToDag([[1], [0]])).toThrow(/layer 1 must have 2 entries/);
    expect(() => enasLayersToDag([[6]])).toThrow(/op must be an integer in 0\.\.5, found 6/);
    expect(() => enasLayersToDag([[0], [0, 2]])).toThrow(/skip bit 0 must be 0 or 1, found 2/);
    expect(() => enasFlatToLayers('1 0 0 5')).toThrow(/4 integers; expected a triangular count/);
    expect(() => enasFlatToLayers('1 0 x')).toThrow(/token 3 \("x"\) is not an integer/);
    expect(() => enasFlatToLayers('')).toThrow(DagError);
    expect(() => dagToEnasLayers({ types: [0, 1, 1], inMasks: [0, 1, 2] })).toThrow(/vertex 1 has type 1, which is not an ENAS operation/);
  });

  it('garbage strings end in DagError, never another exception or a wrong graph', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.integer({ min: -3, max: 9 }), { maxLength: 40 }).map((v) => v.join(' ')),
        ),
        (text) => {
          let dag;
          try {
            dag = enasFlatToDag(text);
          } catch (error) {
            expect(error).toBeInstanceOf(DagError);
            return;
          }
          // Accepted strings must describe the graph exactly.
          expect(dagToEnasFlat(dag)).toBe(text.trim().split(/\s+/).join(' '));
        },
      ),
      { numRuns: 500 },
    );
  });
});
