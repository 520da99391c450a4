// Test helpers of this package (not part of the published API).
import { type Dag, createDag } from '@opnas/dag';
import fc from 'fast-check';

/** The same graph with vertex `v` renamed `permutation[v]`. */
export function relabel(dag: Dag, permutation: readonly number[]): Dag {
  const n = dag.types.length;
  const types = new Array<number>(n);
  const masks = new Array<number>(n).fill(0);
  for (let v = 0; v < n; v++) {
    types[permutation[v]!] = dag.types[v]!;
    for (let w = 0; w < n; w++) if ((dag.inMasks[v]! >>> w) & 1) masks[permutation[v]!]! |= 1 << permutation[w]!;
  }
  return createDag(types, masks);
}

/** A random permutation of `0..n-1`. */
export const arbitraryPermutation = (n: number) =>
  fc.shuffledSubarray(
    Array.from({ length: n }, (_, i) => i),
    { minLength: n, maxLength: n },
  );

/** Every permutation of `items` (for brute-force isomorphism tests on small graphs). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** A seeded RandomSource (a 32-bit linear congruential generator), for fast-check-driven seeds. */
export const lcg = (seed: number) => {
  let state = seed >>> 0;
  return { randbelow: (n: number) => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0), (state >>> 8) % n) };
};
