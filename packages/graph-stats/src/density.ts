import type { Dag } from '@opnas/dag';
import { edgeCount, popcount } from '@opnas/dag';
import { undirectedMasks } from './adjacency.js';

/** Options of {@link density}. */
export interface DensityOptions {
  /** Directed density `m / (n(n−1))` (default true, igraph's `density()` on the directed DAG); false gives `2m / (n(n−1))` of the undirected simple graph. */
  readonly directed?: boolean;
}

/**
 * Edge density from the vertex and edge counts (building a graphology graph costs ~28 µs per DAG,
 * which the counts make unnecessary; graphology-metrics' density is the same formula and was a
 * runtime dependency for it alone); 0 for graphs with fewer than two vertices.
 */
export function density(dag: Dag, options: DensityOptions = {}): number {
  const order = dag.types.length;
  if (order < 2) return 0;
  const possiblePairs = order * (order - 1);
  if (options.directed ?? true) return edgeCount(dag) / possiblePairs;
  const undirectedEdges = undirectedMasks(dag).reduce((total, mask) => total + popcount(mask), 0) / 2;
  return (2 * undirectedEdges) / possiblePairs;
}
