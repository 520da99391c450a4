import type { Dag } from '@opnas/dag';
import Graph from 'graphology';
import type { AbstractGraph } from 'graphology-types';

/** Options of {@link toGraphology}. */
export interface ToGraphologyOptions {
  /** Keep edge directions (default true). Undirected graphs merge `i → j` and `j → i` into one edge. */
  readonly directed?: boolean;
}

/**
 * The DAG as a graphology graph with node keys `"0"…"n-1"` and a `type` attribute per node, so the
 * graphology ecosystem (metrics, layouts, shortest paths) applies to architectures directly.
 * Typed as graphology-types' `AbstractGraph`, which graphology's `Graph` implements: graphology
 * declares its default-exported class in a CommonJS-style .d.ts that a NodeNext ES module sees as
 * a namespace ("Cannot use namespace 'Graph' as a type"); the named type resolves everywhere.
 */
export function toGraphology(dag: Dag, options: ToGraphologyOptions = {}): AbstractGraph {
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
