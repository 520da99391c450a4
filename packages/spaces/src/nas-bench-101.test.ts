import { type Dag, SpaceParseError, createDag, dagFromEdges, edgeCount, isSameDag } from '@opnas/dag';
import { PythonRandom } from '@opnas/rng';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NB101, nb101Hash, pruneCell } from './nas-bench-101.js';
import { arbitraryPermutation, lcg, permutations, relabel } from './relabel.test-util.js';

/** Random upper-triangular cells of 2..7 vertices with NB101 types (not necessarily valid). */
const arbitraryCell = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc
    .tuple(fc.array(fc.integer({ min: 2, max: 4 }), { minLength: n - 2, maxLength: n - 2 }), fc.array(fc.boolean(), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }))
    .map(([ops, bits]) => {
      const masks = new Array<number>(n).fill(0);
      let k = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (bits[k++]) masks[j]! |= 1 << i;
      return createDag([0, ...ops, 1], masks);
    }),
);

/** Brute-force isomorphism of two labelled cells that keeps the input and output in place. */
function isomorphic(a: Dag, b: Dag): boolean {
  const n = a.types.length;
  if (b.types.length !== n || edgeCount(a) !== edgeCount(b)) return false;
  const middle = Array.from({ length: n - 2 }, (_, i) => i + 1);
  return permutations(middle).some((p) => isSameDag(relabel(a, [0, ...p, n - 1]), b));
}

describe('NB101 search space', () => {
  it('parses and formats the ops|rows notation', () => {
    const dag = NB101.parse('input,conv3x3-bn-relu,maxpool3x3,output|0110,0001,0001,0000');
    expect(dag.types).toEqual([0, 2, 4, 1]);
    expect(dag.inMasks).toEqual([0, 1, 1, 6]);
    expect(NB101.format(dag)).toBe('input,conv3x3-bn-relu,maxpool3x3,output|0110,0001,0001,0000');
  });

  it('prunes vertices not on an input–output path, as nasbench does (by hand)', () => {
    // 0 → 1 → 4 (output); 0 → 2 (dead end); 3 → 4 (not reachable from the input)
    const cell = dagFromEdges(
      [0, 2, 3, 4, 1],
      [
        [0, 1],
        [1, 4],
        [0, 2],
        [3, 4],
      ],
    );
    const pruned = pruneCell(cell)!;
    expect(pruned.types).toEqual([0, 2, 1]);
    expect(pruned.inMasks).toEqual([0, 1, 2]);
    expect(nb101Hash(cell)).toBe(nb101Hash(pruned));
    expect(NB101.check(cell)).toEqual({ valid: true });
    expect(pruneCell(dagFromEdges([0, 2, 1], [[0, 1]]))).toBeNull();
    expect(NB101.check(dagFromEdges([0, 2, 1], [[0, 1]]))).toMatchObject({ valid: false, rule: 'connected' });
  });

  it('keys are the nasbench module hash of the pruned cell (hashes derived independently)', () => {
    // see module-hash.test.ts for how these fingerprints were derived
    expect(NB101.key(NB101.parse('input,output|01,00'))).toBe('043721b9c7fe8c5fad811d47d83132ec');
    expect(NB101.key(NB101.parse('input,conv3x3-bn-relu,output|011,001,000'))).toBe('d32d0b26d534203b48d866facd98cc3e');
    expect(NB101.key(NB101.parse('input,maxpool3x3,output|011,001,000'))).toBe('6f6257bc3b12d87b8736e81cd4b7ed8b');
    // a dead-end vertex does not change the hash
    expect(NB101.key(NB101.parse('input,conv3x3-bn-relu,conv1x1-bn-relu,output|0111,0001,0000,0000'))).toBe('d32d0b26d534203b48d866facd98cc3e');
  });

  it('names the first broken rule', () => {
    expect(NB101.check(NB101.parse('conv3x3-bn-relu,output|01,00'))).toMatchObject({ rule: 'input-first-output-last' });
    expect(NB101.check(NB101.parse('input,output,output|011,001,000'))).toMatchObject({ rule: 'operations' });
    expect(NB101.check(NB101.parse('input,conv3x3-bn-relu,output|001,101,000'))).toMatchObject({ rule: 'upper-triangular' });
    const eight = `input,${Array(6).fill('conv3x3-bn-relu').join(',')},output|`;
    const chain = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (j === i + 1 ? '1' : '0')).join('')).join(',');
    expect(NB101.check(NB101.parse(eight + chain))).toMatchObject({ rule: 'max-vertices' });
    const full = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (j > i ? '1' : '0')).join('')).join(',');
    expect(NB101.check(NB101.parse(`input,conv3x3-bn-relu,conv3x3-bn-relu,conv3x3-bn-relu,output|${full}`))).toMatchObject({ rule: 'max-edges' });
  });

  it('round-trips notation ⇄ DAG ⇄ key', () => {
    fc.assert(
      fc.property(arbitraryCell, (dag) => {
        const text = NB101.format(dag);
        const back = NB101.parse(text);
        expect(isSameDag(back, dag)).toBe(true);
        expect(NB101.format(back)).toBe(text);
        if (pruneCell(dag) !== null) expect(NB101.key(back)).toBe(NB101.key(dag));
      }),
      { numRuns: 300 },
    );
  });

  it('the key is invariant under any relabelling of the vertices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }).chain((seed) => {
          const dag = NB101.sample(lcg(seed));
          return arbitraryPermutation(dag.types.length).map((perm) => [dag, perm] as const);
        }),
        ([dag, perm]) => {
          expect(NB101.key(relabel(dag, perm))).toBe(NB101.key(dag));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('isomorphic cells share a key and non-isomorphic ones do not (brute force on sampled cells)', () => {
    const random = new PythonRandom(3);
    // small cells make isomorphic pairs common: draw 5-vertex cells by rejection from the sampler
    const cells: Dag[] = [];
    while (cells.length < 60) {
      const dag = NB101.sample(random);
      if (dag.types.length <= 5) cells.push(dag);
    }
    let same = 0;
    for (let i = 0; i < cells.length; i++) {
      for (let j = i + 1; j < cells.length; j++) {
        const iso = isomorphic(cells[i]!, cells[j]!);
        if (iso) same++;
        expect(NB101.key(cells[i]!) === NB101.key(cells[j]!)).toBe(iso);
      }
    }
    expect(same).toBeGreaterThan(0);
  });

  it('garbage gives a SpaceParseError naming the position', () => {
    const cases: [string, number][] = [
      ['input,output', 12], // no "|"
      ['input,conv9x9,output|000,000,000', 6],
      ['input,output|01', 13], // two ops, one row
      ['input,output|01,0x', 17],
      ['input,output|11,00', 13], // self loop
      ['input,output|01,000', 16],
      ['input,output|01|00', 15],
    ];
    for (const [text, position] of cases) {
      expect(() => NB101.parse(text)).toThrow(SpaceParseError);
      try {
        NB101.parse(text);
      } catch (error) {
        expect((error as SpaceParseError).position).toBe(position);
        expect((error as Error).message).toMatch(/^@opnas\/spaces: nb101: at character \d+: /);
      }
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (text) => {
        try {
          NB101.parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(SpaceParseError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('samples valid pruned cells reproducibly from a seed', () => {
    const a = Array.from(
      { length: 100 },
      (
        (r) => () =>
          NB101.sample(r)
      )(new PythonRandom(1)),
    );
    const b = Array.from(
      { length: 100 },
      (
        (r) => () =>
          NB101.sample(r)
      )(new PythonRandom(1)),
    );
    a.forEach((dag, i) => {
      expect(NB101.check(dag)).toEqual({ valid: true });
      expect(dag.types.length).toBeLessThanOrEqual(7);
      expect(edgeCount(dag)).toBeLessThanOrEqual(9);
      expect(isSameDag(pruneCell(dag)!, dag)).toBe(true);
      expect(isSameDag(dag, b[i]!)).toBe(true);
    });
  });

  it('features: one-hot ops and upper-triangle adjacency, padded to 7 vertices', () => {
    const f = NB101.features(NB101.parse('input,maxpool3x3,output|011,001,000'));
    expect(f.length).toBe(NB101.featureLength);
    expect(NB101.featureLength).toBe(7 * 5 + 21);
    const expected = new Array<number>(56).fill(0);
    expected[0] = 1; // vertex 0 input
    expected[5 + 4] = 1; // vertex 1 maxpool (type 4)
    expected[10 + 1] = 1; // vertex 2 output
    expected[35 + 0] = 1; // 0 → 1
    expected[35 + 1] = 1; // 0 → 2
    expected[35 + 6] = 1; // 1 → 2 (row 1 starts after the 6 pairs of row 0)
    expect([...f]).toEqual(expected);
  });
});
