import { createDag } from '@opnas/dag';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryGraph, bruteCliqueNumber } from './brute-force.test-utils.js';
import { cliqueNumber } from './clique-number.js';
import { chain3, single, specExample, triangle } from './fixtures.test-utils.js';

describe('cliqueNumber', () => {
  it('matches hand-computed values', () => {
    expect(cliqueNumber(createDag([], []))).toBe(0);
    expect(cliqueNumber(single)).toBe(1);
    expect(cliqueNumber(chain3)).toBe(2);
    expect(cliqueNumber(triangle)).toBe(3);
    expect(cliqueNumber(specExample)).toBe(4); // {0, 1, 3, 4}
  });

  it('finds the 32-vertex complete DAG', () => {
    const types = new Array<number>(32).fill(2);
    const masks = types.map((_, i) => (i === 0 ? 0 : (2 ** i - 1) >>> 0));
    expect(cliqueNumber(createDag(types, masks))).toBe(32);
  });

  it('equals subset enumeration on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(10, false), (dag) => {
        expect(cliqueNumber(dag)).toBe(bruteCliqueNumber(dag));
      }),
      { numRuns: 150 },
    );
  });
});
