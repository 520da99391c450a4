import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryEnasLayers } from './arbitraries.test-util.js';
import { createDag } from './dag.js';
import { enasFlatToDag, enasLayersToDag, enasLayersToFlat } from './enas.js';
import { ENAS6, ENAS6_FEATURE_COUNT } from './enas6.js';
import { SearchSpaceError, SpaceParseError } from './errors.js';
import { isSameDag } from './same-dag.js';
import { isValidIn } from './search-space.js';
import { isValidEnas } from './validity.js';

/** A deterministic RandomSource for the sampler (a linear congruential generator). */
const lcg = (seed: number) => {
  let state = seed >>> 0;
  return { randbelow: (n: number) => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0), state % n) };
};

describe('ENAS6 search space', () => {
  const example = '1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0'; // protocol §1.1 example, line 1000

  it('parses the flat string as enasFlatToDag and formats it back', () => {
    const dag = ENAS6.parse(example);
    expect(isSameDag(dag, enasFlatToDag(example))).toBe(true);
    expect(ENAS6.format(dag)).toBe(example);
    expect(ENAS6.key(dag)).toBe(example);
    expect(ENAS6.maxVertices).toBe(8);
  });

  it('round-trips notation ⇄ DAG ⇄ key for every 6-layer architecture', () => {
    fc.assert(
      fc.property(arbitraryEnasLayers(6, 6), (layers) => {
        const flat = enasLayersToFlat(layers);
        const dag = ENAS6.parse(flat);
        expect(ENAS6.format(dag)).toBe(flat);
        expect(isSameDag(ENAS6.parse(ENAS6.format(dag)), dag)).toBe(true);
        expect(ENAS6.key(dag)).toBe(flat);
        expect(ENAS6.check(dag)).toEqual({ valid: true });
      }),
      { numRuns: 300 },
    );
  });

  it('checks the reference rules plus exactly 8 vertices, naming the rule', () => {
    const sevenVertices = enasLayersToDag([[0], [1, 1], [2, 0, 1], [3, 1, 1, 0], [4, 0, 0, 0, 1]]);
    expect(isValidEnas(sevenVertices)).toBe(true);
    expect(ENAS6.check(sevenVertices)).toMatchObject({ valid: false, rule: 'vertex-count' });
    const noBackbone = createDag([0, 2, 2, 1], [0, 1, 1, 6]);
    expect(ENAS6.check(noBackbone)).toMatchObject({ valid: false, rule: 'backbone' });
    expect(ENAS6.rules.at(-1)).toBe('vertex-count');
  });

  it('garbage gives a SpaceParseError naming the character position', () => {
    const cases: [string, number][] = [
      ['1 0 0 x 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0', 6], // "x" at offset 6
      ['1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0', 39], // one integer short: the end of the 39-character text
      ['1 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0 1', 42], // the 22nd integer
      ['6 0 0 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0', 0], // op 6 of layer 0
      ['1 0 2 5 1 1 4 1 1 1 0 1 0 0 0 0 0 0 1 0 0', 4], // skip bit 2
    ];
    for (const [text, position] of cases) {
      let caught: unknown;
      try {
        ENAS6.parse(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SpaceParseError);
      expect((caught as SpaceParseError).position).toBe(position);
      expect((caught as SpaceParseError).message).toContain(`at character ${position + 1}`);
    }
  });

  it('never crashes on arbitrary text with anything but SpaceParseError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          ENAS6.parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(SpaceParseError);
          const { position } = error as SpaceParseError;
          expect(position >= 0 && position <= text.length).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('features: the one-hot op of each layer then the 15 skip bits (by hand on the SPEC example)', () => {
    const f = ENAS6.features(ENAS6.parse(example));
    expect(f.length).toBe(ENAS6_FEATURE_COUNT);
    expect(ENAS6_FEATURE_COUNT).toBe(51);
    const ops = [1, 0, 5, 4, 0, 0];
    const expected = new Array<number>(51).fill(0);
    ops.forEach((op, i) => (expected[i * 6 + op] = 1));
    [0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0].forEach((bit, j) => (expected[36 + j] = bit));
    expect([...f]).toEqual(expected);
    expect(() => ENAS6.features(enasLayersToDag([[0], [1, 1]]))).toThrow(SearchSpaceError);
  });

  it('samples valid architectures from a seeded source, reproducibly', () => {
    const a = Array.from(
      { length: 50 },
      (
        (r) => () =>
          ENAS6.sample(r)
      )(lcg(7)),
    );
    const b = Array.from(
      { length: 50 },
      (
        (r) => () =>
          ENAS6.sample(r)
      )(lcg(7)),
    );
    a.forEach((dag, i) => {
      expect(isValidIn(ENAS6, dag)).toBe(true);
      expect(ENAS6.key(dag)).toBe(ENAS6.key(b[i]!));
    });
    expect(new Set(a.map((d) => ENAS6.key(d))).size).toBeGreaterThan(45);
  });
});
