import type { Dag } from '@opnas/dag';

/** Out-neighbour masks: bit `j` of `out[i]` is set iff the edge `i → j` exists. */
export function outMasks(dag: Dag): number[] {
  const n = dag.inMasks.length;
  const out = new Array<number>(n).fill(0);
  for (let to = 0; to < n; to++) {
    for (let rest = dag.inMasks[to]! >>> 0; rest !== 0; rest = (rest & (rest - 1)) >>> 0) {
      const from = 31 - Math.clz32(rest & -rest);
      out[from] = (out[from]! | (1 << to)) >>> 0;
    }
  }
  return out;
}

/**
 * Undirected neighbour masks: directions dropped, and a pair joined both ways counts once —
 * igraph's treatment of directed graphs in `transitivity_undirected` and `clique_number`.
 */
export function undirectedMasks(dag: Dag): number[] {
  const out = outMasks(dag);
  return out.map((m, i) => (m | dag.inMasks[i]!) >>> 0);
}

/** The bits of `mask` strictly above bit `v`, as an unsigned 32-bit value. */
export function bitsAbove(mask: number, v: number): number {
  return v >= 31 ? 0 : (mask & ~(2 ** (v + 1) - 1)) >>> 0;
}

/** Index of the lowest set bit of a non-zero mask. */
export function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}
