import type { Dag } from '@opnas/dag';
import { inDegrees, outDegrees, popcount } from '@opnas/dag';
import { lowestBit, undirectedMasks } from './adjacency.js';
import { degenerate, type DegenerateRule } from './degenerate-rule.js';

/** Options of {@link degreeAssortativity}. */
export interface DegreeAssortativityOptions {
  /**
   * Directed (default true, igraph's `assortativity_degree(directed=True)`): Pearson correlation,
   * over edges `u → v`, of the out-degree of `u` with the in-degree of `v` (Newman 2003).
   * Undirected: over both orientations of every edge of the undirected simple graph, with
   * undirected degrees.
   */
  readonly directed?: boolean;
  /**
   * Result when the correlation is undefined — no edge, or all edge-end degrees equal (a chain,
   * a regular graph); default `'zero'`: no measurable degree preference. ENAS chains (no skip
   * connection) hit this case.
   */
  readonly whenUndefined?: DegenerateRule;
}

/** Degree assortativity coefficient (Newman's r), as igraph computes it; graphology has no assortativity routine. */
export function degreeAssortativity(dag: Dag, options: DegreeAssortativityOptions = {}): number {
  const directed = options.directed ?? true;
  // Sums over edge ends: a = source value, b = target value.
  let m = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  if (directed) {
    const out = outDegrees(dag);
    const inn = inDegrees(dag);
    dag.inMasks.forEach((mask, to) => {
      for (let rest = mask >>> 0; rest !== 0; rest = (rest & (rest - 1)) >>> 0) {
        const a = out[lowestBit(rest)]!;
        const b = inn[to]!;
        m++;
        sa += a;
        sb += b;
        saa += a * a;
        sbb += b * b;
        sab += a * b;
      }
    });
  } else {
    const adj = undirectedMasks(dag);
    const deg = adj.map(popcount);
    adj.forEach((mask, v) => {
      // Every undirected edge is visited from both ends, giving the symmetric edge list.
      for (let rest = mask; rest !== 0; rest = (rest & (rest - 1)) >>> 0) {
        const a = deg[v]!;
        const b = deg[lowestBit(rest)]!;
        m++;
        sa += a;
        sb += b;
        saa += a * a;
        sbb += b * b;
        sab += a * b;
      }
    });
  }
  const covariance = sab / m - (sa / m) * (sb / m);
  const varA = saa / m - (sa / m) ** 2;
  const varB = sbb / m - (sb / m) ** 2;
  // Degrees are small integers, so a zero variance is exact up to rounding of the means.
  if (m === 0 || varA <= 1e-12 || varB <= 1e-12) {
    return degenerate(options.whenUndefined ?? 'zero', '@opnas/graph-stats: degreeAssortativity: undefined for this dag (no edge, or every edge end has the same degree)');
  }
  return covariance / Math.sqrt(varA * varB);
}
