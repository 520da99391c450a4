import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDag, dagFromEdges, edgeList } from './dag.js';
import { arbitraryGraph } from './arbitraries.test-util.js';
import { enasLayersToDag } from './enas.js';
import { checkEnasValidity, isAcyclic, isValidEnas } from './validity.js';

/** Independent acyclicity check: depth-first search for a back edge. */
function hasCycleByDfs(n: number, edges: readonly (readonly [number, number])[]): boolean {
  const state = new Array<number>(n).fill(0);
  const visit = (v: number): boolean => {
    state[v] = 1;
    for (const [a, b] of edges) {
      if (a !== v) continue;
      if (state[b] === 1 || (state[b] === 0 && visit(b))) return true;
    }
    state[v] = 2;
    return false;
  };
  for (let v = 0; v < n; v++) if (state[v] === 0 && visit(v)) return true;
  return false;
}

describe('isAcyclic', () => {
  it('agrees with a depth-first search on random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(12), ({ types, edges }) => {
        expect(isAcyclic(dagFromEdges(types, edges))).toBe(!hasCycleByDfs(types.length, edges));
      }),
      { numRuns: 400 },
    );
  });
});

describe('isValidEnas (protocol §5.2)', () => {
  const good = enasLayersToDag([[1], [0, 0], [5, 1, 1], [4, 1, 1, 1], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]]);
  const edit = (mutate: (types: number[], edges: [number, number][]) => void) => {
    const types = [...good.types];
    const edges = edgeList(good).map(([a, b]): [number, number] => [a, b]);
    mutate(types, edges);
    return dagFromEdges(types, edges);
  };

  it('accepts ENAS graphs, with and without the 8-vertex rule', () => {
    expect(checkEnasValidity(good)).toEqual({ valid: true });
    expect(isValidEnas(good, { vertexCount: 8 })).toBe(true);
  });

  it('names the first rule that fails', () => {
    const cases: [string, ReturnType<typeof edit>][] = [
      ['acyclic', edit((_, e) => e.push([5, 2]))],
      ['one-start-one-end', edit((t) => (t[3] = 0))],
      ['one-start-one-end', edit((t) => (t[3] = 1))],
      ['sources-are-start', edit((_, e) => e.splice(0, e.length, ...e.filter(([, b]) => b !== 3)))],
      [
        'sinks-are-end',
        edit((_, e) =>
          e.splice(
            e.findIndex(([a, b]) => a === 6 && b === 7),
            1,
            [5, 7],
          ),
        ),
      ],
      [
        'backbone',
        edit((_, e) =>
          e.splice(
            e.findIndex(([a, b]) => a === 2 && b === 3),
            1,
          ),
        ),
      ],
      ['output-in-degree', edit((_, e) => e.push([5, 7]))],
    ];
    for (const [rule, dag] of cases) {
      const result = checkEnasValidity(dag);
      expect(result.valid ? 'valid' : result.rule, `expected ${rule}`).toBe(rule);
    }
  });

  it('does not check the vertex count unless asked (a 5-vertex graph is valid, protocol §5.2)', () => {
    const small = enasLayersToDag([[2], [3, 1], [0, 0, 1]]);
    expect(isValidEnas(small)).toBe(true);
    const result = checkEnasValidity(small, { vertexCount: 8 });
    expect(result).toMatchObject({ valid: false, rule: 'vertex-count' });
  });

  it('treats the START-only and empty-middle corner cases by the rules', () => {
    expect(isValidEnas(createDag([0, 1], [0, 1]))).toBe(true); // START → END satisfies all five rules
    expect(isValidEnas(createDag([0], [0]))).toBe(false);
  });

  it('every random ENAS architecture is valid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer(), (layers, seed) => {
        const rnd = (k: number) => Math.abs(Math.imul(seed ^ k, 2654435761)) % 1000;
        const nested = Array.from({ length: layers }, (_, i) => [rnd(i) % 6, ...Array.from({ length: i }, (_, j) => rnd(i * 31 + j) % 2)]);
        expect(isValidEnas(enasLayersToDag(nested), { vertexCount: layers + 2 })).toBe(true);
      }),
    );
  });
});
