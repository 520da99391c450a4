import type { Dag } from '@opnas/dag';
import Graph from 'graphology';

/** Options of {@link toGraphology}. */
export interface ToGraphologyOptions {
  /** Keep edge directions (default true). Undirected graphs merge `i → j` and `j → i` into one edge. */
  readonly directed?: boolean;
}

/**
 * The DAG as a graphology graph with node keys `"0"…"n-1"` and a `type` attribute per node, so the
 * graphology ecosystem (metrics, layouts, shortest paths) applies to architectures directly.
 */
export function toGraphology(dag: Dag, options: ToGraphologyOptions = {}): Graph {
  const directed = options.directed ?? true;
  const graph = new Graph({ type: directed ? 'directed' : 'undirected', multi: false, allowSelfLoops: false });
  dag.types.forEach((type, i) => graph.addNode(String(i), { type }));
  dag.inMasks.forEach((mask, to) => {
    for (let rest = mask >>> 0; rest !== 0; rest = (rest & (rest - 1)) >>> 0) {
      const from = 31 - Math.clz32(rest & -rest);
      graph.mergeEdge(String(from), String(to));
    }
  });
  return graph;
}
