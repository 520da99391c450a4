import type { Dag } from '@opnas/dag';
import { popcount } from '@opnas/dag';
import { lowestBit, undirectedMasks } from './adjacency.js';

/**
 * Size of the largest clique of the undirected graph (igraph's `clique_number()`); 0 for the
 * empty graph, 1 for a graph without edges. Bron–Kerbosch with pivoting on 32-bit vertex masks:
 * graphology has no clique routine, and DAGs here have at most 32 vertices.
 */
export function cliqueNumber(dag: Dag): number {
  const adj = undirectedMasks(dag);
  const n = adj.length;
  if (n === 0) return 0;
  let best = 0;
  const expand = (size: number, candidates: number, excluded: number): void => {
    if (candidates === 0) {
      if (excluded === 0 && size > best) best = size;
      return;
    }
    // A clique grown from here has at most size + |candidates| vertices.
    if (size + popcount(candidates) <= best) return;
    const pivot = lowestBit((candidates | excluded) >>> 0);
    let rest = (candidates & ~adj[pivot]!) >>> 0;
    while (rest !== 0) {
      const v = lowestBit(rest);
      const bit = (1 << v) >>> 0;
      expand(size + 1, (candidates & adj[v]!) >>> 0, (excluded & adj[v]!) >>> 0);
      candidates = (candidates & ~bit) >>> 0;
      excluded = (excluded | bit) >>> 0;
      rest = (rest & ~bit) >>> 0;
    }
  };
  const all = n === 32 ? 0xffffffff : 2 ** n - 1;
  expand(0, all, 0);
  return best;
}
