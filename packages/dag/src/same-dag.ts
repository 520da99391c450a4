import type { Dag } from './dag.js';

/**
 * The reference's `is_same_DAG` (protocol §5.1): the same vertex count and, for every index, the
 * same type and the same set of in-neighbour indices. Index-based, not an isomorphism test;
 * on ENAS graphs the vertex order is the only topological order, so the two agree.
 */
export function isSameDag(a: Dag, b: Dag): boolean {
  const n = a.types.length;
  if (b.types.length !== n) return false;
  for (let i = 0; i < n; i++) {
    if (a.types[i] !== b.types[i] || a.inMasks[i] !== b.inMasks[i]) return false;
  }
  return true;
}

/**
 * A string key with `dagKey(a) === dagKey(b)` exactly when `isSameDag(a, b)`: for hashing
 * graphs into sets (uniqueness, novelty, caches). Types and masks in base 36.
 */
export function dagKey(dag: Dag): string {
  return `${dag.types.map((t) => t.toString(36)).join('.')}/${dag.inMasks.map((m) => m.toString(36)).join('.')}`;
}
