import type { Dag } from '@opnas/dag';
import { degenerate, type DegenerateRule } from './degenerate-rule.js';
import { reachableDistanceTotals, shortestPathLengths } from './shortest-path-lengths.js';

/** Options of {@link averagePathLength}. Defaults reproduce the authors' analysis (protocol §8). */
export interface AveragePathLengthOptions {
  /** Follow edge directions (default true, igraph's default and what the paper's r = 0.32 uses). */
  readonly directed?: boolean;
  /**
   * `'igraph'` (default): mean hop distance over ordered pairs `(i, j)`, `i ≠ j`, with `j`
   * reachable from `i`; unreachable pairs are left out of sum and count — igraph's
   * `average_path_length(directed, unconn=True)`, which the released code calls.
   * `'equation12'`: the paper's eq. (12), the sum over all ordered pairs with unreachable
   * distances counted as 0, divided by `n(n−1)`. On ENAS graphs it is exactly half of `'igraph'`.
   */
  readonly convention?: 'igraph' | 'equation12';
  /** Result when no pair is joined by a path (fewer than 2 vertices, or no edges; default `'zero'`). */
  readonly whenNoPaths?: DegenerateRule;
}

/**
 * Average shortest-path length (hops) of a graph, igraph's averaging rule over the breadth-first
 * distances of {@link shortestPathLengths}.
 */
export function averagePathLength(dag: Dag, options: AveragePathLengthOptions = {}): number {
  const n = dag.types.length;
  const { sum, pairs } = reachableDistanceTotals(shortestPathLengths(dag, { directed: options.directed ?? true }));
  if (pairs === 0) {
    return degenerate(options.whenNoPaths ?? 'zero', '@opnas/graph-stats: averagePathLength: dag has no pair of vertices joined by a path');
  }
  return (options.convention ?? 'igraph') === 'equation12' ? sum / (n * (n - 1)) : sum / pairs;
}
