import { SearchSpaceError, SpaceParseError, createDag, edgeList, isSameDag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NB201, NB201_CELL_COUNT, enumerateNb201, nb201CellToDag } from './nas-bench-201.js';
import { arbitraryPermutation, relabel } from './relabel.test-util.js';

const arbitraryOps = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 });

describe('NB201 search space', () => {
  const example = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

  it("parses the arch string into arch2vec's 8-vertex operation-on-node DAG", () => {
    const dag = NB201.parse(example);
    // input, then the ops of 0→1, 0→2, 1→2, 0→3, 1→3, 2→3, then output (types: 3 skip, 5 conv3, 6 avg)
    expect(dag.types).toEqual([0, 5, 5, 6, 3, 5, 3, 1]);
    // arch2vec's fixed adjacency: 0→{1,2,4}, 1→{3,5}, 2→6, 3→6, {4,5,6}→7
    expect(
      edgeList(dag)
        .map(([a, b]) => `${a}${b}`)
        .sort(),
    ).toEqual(['01', '02', '04', '13', '15', '26', '36', '47', '57', '67']);
    expect(NB201.format(dag)).toBe(example);
    expect(NB201.key(dag)).toBe(example);
  });

  it('enumerates 15,625 cells with 15,625 distinct notations that parse back', () => {
    const cells = enumerateNb201();
    expect(cells.length).toBe(NB201_CELL_COUNT);
    expect(NB201_CELL_COUNT).toBe(15_625);
    const notations = cells.map((dag) => NB201.format(dag));
    expect(new Set(notations).size).toBe(15_625);
    notations.forEach((text, i) => {
      if (i % 97 === 0) expect(isSameDag(NB201.parse(text), cells[i]!)).toBe(true);
    });
  });

  it('round-trips notation ⇄ DAG ⇄ key', () => {
    fc.assert(
      fc.property(arbitraryOps, (ops) => {
        const dag = nb201CellToDag(ops);
        const text = NB201.format(dag);
        expect(isSameDag(NB201.parse(text), dag)).toBe(true);
        expect(NB201.key(NB201.parse(text))).toBe(NB201.key(dag));
        expect(NB201.check(dag)).toEqual({ valid: true });
      }),
      { numRuns: 300 },
    );
  });

  it('the key is invariant under any relabelling of the DAG vertices', () => {
    fc.assert(
      fc.property(arbitraryOps, arbitraryPermutation(8), (ops, perm) => {
        const dag = nb201CellToDag(ops);
        const moved = relabel(dag, perm);
        expect(NB201.check(moved)).toEqual({ valid: true });
        expect(NB201.key(moved)).toBe(NB201.key(dag));
      }),
      { numRuns: 500 },
    );
  });

  it('names the broken rule; graphs outside the cell cannot be keyed', () => {
    const dag = nb201CellToDag([0, 1, 2, 3, 4, 0]);
    expect(NB201.check(createDag([0, 2, 1], [0, 1, 2]))).toMatchObject({ rule: 'vertex-count' });
    expect(NB201.check(createDag([0, 0, ...dag.types.slice(2)], dag.inMasks))).toMatchObject({ rule: 'one-input-one-output' });
    expect(NB201.check(createDag([0, 9, ...dag.types.slice(2)], dag.inMasks))).toMatchObject({ rule: 'operations' });
    const rewired = createDag(
      dag.types,
      dag.inMasks.map((m, v) => (v === 6 ? 2 : m)),
    ); // drop 1→2 → 2→3
    expect(NB201.check(rewired)).toMatchObject({ valid: false, rule: 'cell-structure' });
    expect(() => NB201.key(rewired)).toThrow(SearchSpaceError);
  });

  it('garbage gives a SpaceParseError naming the position', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['nor_conv_3x3~0|', 0],
      ['|conv~0|+', 1],
      ['|none~1|+', 6], // the source digit
      [example.replace('avg_pool_3x3~1', 'avg_pool_3x3~0'), 46], // the source digit: "~1" expected,
      [`${example}+`, example.length],
      [example.slice(0, -1), example.length - 1],
    ];
    for (const [text, position] of cases) {
      let caught: unknown;
      try {
        NB201.parse(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(SpaceParseError);
      expect((caught as SpaceParseError).position, text).toBe(position);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          NB201.parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(SpaceParseError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('samples uniformly over the 15,625 cells from a seed (all valid; operations roughly 1/5 each)', () => {
    const random = new PythonRandom(5);
    const counts = new Array<number>(5).fill(0);
    for (let k = 0; k < 2000; k++) {
      const dag = NB201.sample(random);
      expect(NB201.check(dag).valid).toBe(true);
      for (let v = 1; v <= 6; v++) counts[dag.types[v]! - 2]!++;
    }
    for (const c of counts) expect(Math.abs(c / 12000 - 0.2)).toBeLessThan(0.02);
  });

  it('features: the one-hot operation of each edge', () => {
    const f = NB201.features(NB201.parse(example));
    const expected = new Array<number>(30).fill(0);
    [3, 3, 4, 1, 3, 1].forEach((op, e) => (expected[e * 5 + op] = 1));
    expect([...f]).toEqual(expected);
  });
});
