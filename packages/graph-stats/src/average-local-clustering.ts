import type { Dag } from '@opnas/dag';
import { degenerate, type DegenerateRule } from './degenerate-rule.js';
import { triangleCounts } from './triangle-counts.js';

/** Options of {@link averageLocalClustering}. */
export interface AverageLocalClusteringOptions {
  /**
   * Vertices with fewer than two neighbours have no local coefficient. `'exclude'` (default)
   * leaves them out of the mean, igraph's `transitivity_avglocal_undirected(mode="nan")`;
   * `'zero'` counts them as 0, networkx's `average_clustering` and igraph's `mode="zero"`.
   */
  readonly lowDegreeVertices?: 'exclude' | 'zero';
  /** Result when the mean is over no vertex (with `'exclude'`: no vertex has two neighbours; default `'zero'`). */
  readonly whenNoTriples?: DegenerateRule;
}

/**
 * Mean over vertices of the local clustering coefficient `triangles(v) / C(deg v, 2)`, edge
 * directions ignored (Watts–Strogatz). Not used by the paper; computed for completeness.
 */
export function averageLocalClustering(dag: Dag, options: AverageLocalClusteringOptions = {}): number {
  const { perVertexTriangles, degrees } = triangleCounts(dag);
  const exclude = (options.lowDegreeVertices ?? 'exclude') === 'exclude';
  let sum = 0;
  let count = 0;
  for (let v = 0; v < degrees.length; v++) {
    const d = degrees[v]!;
    if (d < 2) {
      if (!exclude) count++;
      continue;
    }
    sum += perVertexTriangles[v]! / ((d * (d - 1)) / 2);
    count++;
  }
  if (count === 0) {
    return degenerate(options.whenNoTriples ?? 'zero', '@opnas/graph-stats: averageLocalClustering: dag has no vertex with two neighbours');
  }
  return sum / count;
}
