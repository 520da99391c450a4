import type { Dag } from './dag.js';
import { DagError } from './errors.js';

/** Options of {@link oneHotAdjacency}. */
export interface OneHotAdjacencyOptions {
  /** Vertex slots; smaller graphs are padded with zeros after their last vertex. */
  readonly maxVertices: number;
  /** Number of vertex types (one-hot width). */
  readonly typeCount: number;
}

/** Length of {@link oneHotAdjacency}'s vector: `maxVertices × typeCount` + the strict upper triangle. */
export function oneHotAdjacencyLength(options: OneHotAdjacencyOptions): number {
  return options.maxVertices * options.typeCount + (options.maxVertices * (options.maxVertices - 1)) / 2;
}

/**
 * The usual fixed encoding of a cell (arch2vec, BANANAS' "adjacency one-hot"): the one-hot type
 * of each vertex slot, then the edge bits `i → j` for `i < j` row by row. Edges against the vertex
 * order are not representable and are an error.
 */
export function oneHotAdjacency(dag: Dag, options: OneHotAdjacencyOptions): Float64Array {
  const { maxVertices, typeCount } = options;
  const n = dag.types.length;
  if (n > maxVertices) throw new DagError(`@opnas/dag: oneHotAdjacency: the graph has ${n} vertices, at most ${maxVertices} fit`);
  const out = new Float64Array(oneHotAdjacencyLength(options));
  dag.types.forEach((t, i) => {
    if (t >= typeCount) throw new DagError(`@opnas/dag: oneHotAdjacency: vertex ${i} has type ${t}, outside 0..${typeCount - 1}`);
    out[i * typeCount + t] = 1;
  });
  let at = maxVertices * typeCount;
  for (let i = 0; i < maxVertices; i++) {
    for (let j = i + 1; j < maxVertices; j++, at++) {
      if (j < n && ((dag.inMasks[j]! >>> i) & 1) === 1) out[at] = 1;
    }
  }
  for (let j = 0; j < n; j++) {
    if (dag.inMasks[j]! >>> j !== 0) throw new DagError(`@opnas/dag: oneHotAdjacency: vertex ${j} has an in-edge from a later vertex`);
  }
  return out;
}
