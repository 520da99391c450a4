import type { Dag } from '@opnas/dag';
import { popcount } from '@opnas/dag';
import { bitsAbove, lowestBit, undirectedMasks } from './adjacency.js';

/** Triangle and triple counts of the undirected simple graph behind a DAG. */
export interface TriangleCounts {
  /** Triangles of the undirected simple graph. */
  readonly triangles: number;
  /** Connected triples (paths of length two), `Σ_v C(deg_v, 2)`. */
  readonly triples: number;
  /** Triangles through each vertex. */
  readonly perVertexTriangles: readonly number[];
  /** Undirected simple degree of each vertex. */
  readonly degrees: readonly number[];
}

/** Count triangles and connected triples with neighbour bit masks (directions ignored). */
export function triangleCounts(dag: Dag): TriangleCounts {
  const adj = undirectedMasks(dag);
  const n = adj.length;
  const perVertex = new Array<number>(n).fill(0);
  const degrees = adj.map(popcount);
  let triangles = 0;
  let triples = 0;
  for (let v = 0; v < n; v++) {
    const d = degrees[v]!;
    triples += (d * (d - 1)) / 2;
    // Each triangle {v < u < w} is found once, from its smallest vertex and middle vertex.
    for (let rest = bitsAbove(adj[v]!, v); rest !== 0; rest = (rest & (rest - 1)) >>> 0) {
      const u = lowestBit(rest);
      for (let ws = bitsAbove(adj[v]! & adj[u]!, u); ws !== 0; ws = (ws & (ws - 1)) >>> 0) {
        const w = lowestBit(ws);
        triangles++;
        perVertex[v]!++;
        perVertex[u]!++;
        perVertex[w]!++;
      }
    }
  }
  return { triangles, triples, perVertexTriangles: perVertex, degrees };
}
