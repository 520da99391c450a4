import { describe, expect, it } from 'vitest';
import { createDag } from './dag.js';
import { enasLayersToDag } from './enas.js';
import { DagError } from './errors.js';
import { dagToSvaeRows } from './svae-rows.js';

describe('dagToSvaeRows (protocol §1.5)', () => {
  it('encodes the protocol §1.3 example as 7 rows of [type one-hot | in-edge bits from 0..6]', () => {
    const dag = enasLayersToDag([[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]]);
    // Written out from protocol §1.3: types [0,3,2,7,6,2,2,1] and the listed edges, grouped by target.
    const types = [3, 2, 7, 6, 2, 2, 1];
    const inEdges = [[0], [1], [0, 1, 2], [0, 1, 2, 3], [0, 4], [2, 5], [6]];
    const expected = new Float32Array(7 * 15);
    types.forEach((t, r) => {
      expected[r * 15 + t] = 1;
      for (const k of inEdges[r]!) expected[r * 15 + 8 + k] = 1;
    });
    expect(dagToSvaeRows(dag)).toEqual(expected);
  });

  it('pads missing rows with the START bit and rejects graphs that do not fit', () => {
    const small = enasLayersToDag([[2]]); // 3 vertices: rows 0 and 1 are real, rows 2..6 padding
    const rows = dagToSvaeRows(small);
    expect(rows[0 * 15 + 4]).toBe(1);
    expect(rows[0 * 15 + 8]).toBe(1);
    expect(rows[1 * 15 + 1]).toBe(1);
    expect(rows[1 * 15 + 8 + 1]).toBe(1);
    for (let r = 2; r < 7; r++) {
      expect(Array.from(rows.subarray(r * 15, r * 15 + 15))).toEqual([1, ...new Array(14).fill(0)]);
    }
    expect(() => dagToSvaeRows(createDag(new Array(9).fill(2), new Array(9).fill(0)))).toThrow(DagError);
    expect(() => dagToSvaeRows(createDag([0, 9], [0, 1]))).toThrow(/type 9, outside 0\.\.7/);
  });
});
