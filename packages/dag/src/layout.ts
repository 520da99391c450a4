import { type Dag, edgeList } from './dag.js';
import { DagError } from './errors.js';
import { isAcyclic } from './validity.js';

/** Vertex positions of a layered (top-to-bottom) drawing, in layer/slot units. */
export interface LayeredLayout {
  /** Layer of each vertex: the length of the longest path reaching it from a source. */
  readonly layer: readonly number[];
  /** Position of each vertex within its layer, 0-based. */
  readonly slot: readonly number[];
  /** Number of vertices in each layer. */
  readonly layerSizes: readonly number[];
}

/**
 * Longest-path layering: sources on layer 0, every edge points to a lower layer. Within a layer,
 * vertices keep index order. ENAS graphs, whose backbone is a chain, get one vertex per layer.
 */
export function layeredLayout(dag: Dag): LayeredLayout {
  if (!isAcyclic(dag)) throw new DagError('@opnas/dag: cannot lay out a graph with a directed cycle');
  const n = dag.types.length;
  const layer = new Array<number>(n).fill(-1);
  const edges = edgeList(dag);
  const visit = (v: number): number => {
    if (layer[v]! >= 0) return layer[v]!;
    let best = 0;
    for (const [from, to] of edges) if (to === v) best = Math.max(best, visit(from) + 1);
    layer[v] = best;
    return best;
  };
  for (let v = 0; v < n; v++) visit(v);
  const layerSizes: number[] = [];
  const slot = layer.map((l) => {
    const s = layerSizes[l] ?? 0;
    layerSizes[l] = s + 1;
    return s;
  });
  return { layer, slot, layerSizes };
}
