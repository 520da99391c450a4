import type { Dag } from '@opnas/dag';
import { degenerate, type DegenerateRule } from './degenerate-rule.js';
import { triangleCounts } from './triangle-counts.js';

/** Options of {@link transitivity}. */
export interface TransitivityOptions {
  /**
   * Result for a graph without connected triples (every vertex has at most one neighbour), where
   * the ratio is 0/0. Default `'zero'`, igraph's `mode="zero"`: such a graph closes no triangle,
   * and a population analysis should not abort on one degenerate decoded graph. ENAS graphs
   * always have triples (protocol §8), so the default never changes a paper number.
   */
  readonly whenNoTriples?: DegenerateRule;
}

/**
 * Global clustering coefficient `T = 3·triangles / connected triples`, edge directions ignored —
 * igraph's `transitivity_undirected()`, the "clustering coefficient" of the paper (protocol §8).
 */
export function transitivity(dag: Dag, options: TransitivityOptions = {}): number {
  const { triangles, triples } = triangleCounts(dag);
  if (triples === 0) {
    return degenerate(options.whenNoTriples ?? 'zero', '@opnas/graph-stats: transitivity: dag has no connected triple (no vertex with two neighbours)');
  }
  return (3 * triangles) / triples;
}
