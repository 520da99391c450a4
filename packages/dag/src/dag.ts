import { DagError } from './errors.js';

/** Largest vertex count a {@link Dag} holds: in-neighbour sets are 32-bit masks. */
export const MAX_VERTICES = 32;

/**
 * A directed graph over vertices `0..n-1` with one type id per vertex.
 *
 * In-neighbour sets are bit masks: bit `j` of `inMasks[i]` is set iff the edge `j → i` exists.
 * That makes set equality, degree counts and hashing single integer operations. The graph is
 * immutable; build one with {@link createDag} or {@link dagFromEdges}.
 */
export interface Dag {
  readonly types: readonly number[];
  readonly inMasks: readonly number[];
}

/** A directed edge `[from, to]`. */
export type Edge = readonly [from: number, to: number];

function checkVertexCount(n: number): void {
  if (n > MAX_VERTICES) throw new DagError(`@opnas/dag: at most ${MAX_VERTICES} vertices are supported, got ${n}`);
}

/**
 * Build a DAG from vertex types and in-neighbour masks. Types must be non-negative integers;
 * masks may only name existing vertices and no self loops. Acyclicity is not required here
 * (decoders can produce cycles in other spaces); check it with `isAcyclic`.
 */
export function createDag(types: readonly number[], inMasks: readonly number[]): Dag {
  const n = types.length;
  checkVertexCount(n);
  if (inMasks.length !== n) {
    throw new DagError(`@opnas/dag: ${n} types but ${inMasks.length} in-neighbour masks`);
  }
  const limit = n === 32 ? 0xffffffff : 2 ** n - 1;
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (!Number.isInteger(t) || t < 0) throw new DagError(`@opnas/dag: type of vertex ${i} must be a non-negative integer, got ${t}`);
    const m = inMasks[i]!;
    if (!Number.isInteger(m) || m < 0 || m > limit) {
      throw new DagError(`@opnas/dag: in-neighbour mask of vertex ${i} names vertices outside 0..${n - 1}`);
    }
    if ((m >>> i) & 1) throw new DagError(`@opnas/dag: vertex ${i} has a self loop`);
  }
  return Object.freeze({ types: Object.freeze([...types]), inMasks: Object.freeze([...inMasks]) });
}

/** Build a DAG from vertex types and an edge list. Duplicate edges are an error. */
export function dagFromEdges(types: readonly number[], edges: readonly Edge[]): Dag {
  const n = types.length;
  checkVertexCount(n);
  const masks = new Array<number>(n).fill(0);
  for (const edge of edges) {
    const [from, to] = edge;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < 0 || from >= n || to >= n) {
      throw new DagError(`@opnas/dag: edge ${from}→${to} names a vertex outside 0..${n - 1}`);
    }
    if ((masks[to]! >>> from) & 1) throw new DagError(`@opnas/dag: duplicate edge ${from}→${to}`);
    masks[to] = (masks[to]! | (1 << from)) >>> 0;
  }
  return createDag(types, masks);
}

/** Number of vertices. */
export function vertexCount(dag: Dag): number {
  return dag.types.length;
}

/** True iff the edge `from → to` exists. */
export function hasEdge(dag: Dag, from: number, to: number): boolean {
  const m = dag.inMasks[to];
  return m !== undefined && from >= 0 && from < 32 && ((m >>> from) & 1) === 1;
}

/** In-neighbours of `v` in ascending order. */
export function predecessors(dag: Dag, v: number): number[] {
  return maskToList(dag.inMasks[v] ?? 0);
}

/** Out-neighbours of `v` in ascending order. */
export function successors(dag: Dag, v: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < dag.inMasks.length; i++) if ((dag.inMasks[i]! >>> v) & 1) out.push(i);
  return out;
}

/** In-degree of every vertex. */
export function inDegrees(dag: Dag): number[] {
  return dag.inMasks.map(popcount);
}

/** Out-degree of every vertex. */
export function outDegrees(dag: Dag): number[] {
  const out = new Array<number>(dag.types.length).fill(0);
  for (const m of dag.inMasks) {
    for (let rest = m; rest !== 0; rest &= rest - 1) out[31 - Math.clz32(rest & -rest)]!++;
  }
  return out;
}

/** All edges `[from, to]`, ordered by target then source. */
export function edgeList(dag: Dag): Edge[] {
  const edges: Edge[] = [];
  dag.inMasks.forEach((m, to) => {
    for (const from of maskToList(m)) edges.push([from, to]);
  });
  return edges;
}

/** Number of edges. */
export function edgeCount(dag: Dag): number {
  let total = 0;
  for (const m of dag.inMasks) total += popcount(m);
  return total;
}

/** Number of set bits of a 32-bit mask. */
export function popcount(mask: number): number {
  let v = mask >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** Indices of the set bits of a mask, ascending. */
export function maskToList(mask: number): number[] {
  const out: number[] = [];
  for (let rest = mask >>> 0; rest !== 0; rest = (rest & (rest - 1)) >>> 0) out.push(31 - Math.clz32(rest & -rest));
  return out;
}
