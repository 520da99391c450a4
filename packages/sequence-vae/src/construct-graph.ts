import { ENAS_VOCABULARY, createDag } from '@opnas/dag';
import type { Dag, OperationVocabulary } from '@opnas/dag';

/** Options of {@link constructGraph}. */
export interface ConstructGraphOptions {
  /** `max_n`. Default 8. */
  readonly maxVertices?: number;
  /** START and END type ids. Default ENAS (0 and 1). */
  readonly vocabulary?: OperationVocabulary;
}

/**
 * The reference's `construct_igraph` for S-VAE and GraphRNN (protocol §3.5–§3.6): vertex 0 is START;
 * for `j = 1..max_n−1` the type is END at the last step and `chooseType(j)` otherwise (any type,
 * START included, which makes the graph invalid); an END vertex takes an edge from every vertex
 * without successors and ends the graph; any other vertex asks `chooseEdge(j, k)` for
 * `k = 0..j−1` in that order. The callbacks are called in the reference's order, so a sampler
 * draws its random numbers as the reference does.
 */
export function constructGraph(chooseType: (j: number) => number, chooseEdge: (j: number, k: number) => boolean, options: ConstructGraphOptions = {}): Dag {
  const n = options.maxVertices ?? 8;
  const { start, end } = options.vocabulary ?? ENAS_VOCABULARY;
  const types = [start];
  const masks = [0];
  for (let j = 1; j < n; j++) {
    const type = j === n - 1 ? end : chooseType(j);
    types.push(type);
    let mask = 0;
    if (type === end) {
      let used = 0;
      for (const m of masks) used |= m;
      for (let u = 0; u < j; u++) if (((used >>> u) & 1) === 0) mask |= 1 << u;
      masks.push(mask >>> 0);
      break;
    }
    for (let k = 0; k < j; k++) if (chooseEdge(j, k)) mask |= 1 << k;
    masks.push(mask >>> 0);
  }
  return createDag(types, masks);
}
