// Plain reference implementations for the tests: adjacency matrices, Floyd–Warshall and
// enumeration, written for obviousness, not speed. None of them shares code with src/.
import { createDag, type Dag } from '@opnas/dag';
import fc from 'fast-check';

/** Arbitrary graph on 0..maxN vertices; acyclic graphs only if `acyclic`, else mutual edges allowed. */
export const arbitraryGraph = (maxN: number, acyclic: boolean): fc.Arbitrary<Dag> =>
  fc.integer({ min: 0, max: maxN }).chain((n) =>
    fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }).map((bits) =>
      createDag(
        new Array<number>(n).fill(2),
        bits.map((row, to) => row.reduce((mask, bit, from) => (bit && from !== to && (!acyclic || from < to) ? mask | (1 << from) : mask), 0) >>> 0),
      ),
    ),
  );

/** `a[i][j]` true iff the edge i → j exists. */
export function adjacencyMatrix(dag: Dag, directed: boolean): boolean[][] {
  const n = dag.types.length;
  const a = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (let to = 0; to < n; to++) {
    for (let from = 0; from < n; from++) {
      if (Math.floor(dag.inMasks[to]! / 2 ** from) % 2 === 1) {
        a[from]![to] = true;
        if (!directed) a[to]![from] = true;
      }
    }
  }
  return a;
}

/** Floyd–Warshall hop distances; Infinity when unreachable. */
export function floydWarshall(dag: Dag, directed: boolean): number[][] {
  const a = adjacencyMatrix(dag, directed);
  const n = a.length;
  const d = a.map((row, i) => row.map((edge, j) => (i === j ? 0 : edge ? 1 : Infinity)));
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!);
  return d;
}

/** Triangles and connected triples by enumerating vertex triples of the undirected graph. */
export function bruteTriangles(dag: Dag): { triangles: number; triples: number; local: number[]; degree: number[] } {
  const a = adjacencyMatrix(dag, false);
  const n = a.length;
  let triangles = 0;
  let triples = 0;
  const local = new Array<number>(n).fill(0);
  const degree = a.map((row) => row.filter(Boolean).length);
  for (let v = 0; v < n; v++) {
    for (let u = 0; u < n; u++) {
      for (let w = u + 1; w < n; w++) {
        if (u === v || w === v || !a[v]![u] || !a[v]![w]) continue;
        triples++; // a path u – v – w centred on v
        if (a[u]![w]) local[v]!++;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) for (let k = j + 1; k < n; k++) if (a[i]![j] && a[j]![k] && a[i]![k]) triangles++;
  return { triangles, triples, local, degree };
}

/** Largest clique by checking every vertex subset. */
export function bruteCliqueNumber(dag: Dag): number {
  const a = adjacencyMatrix(dag, false);
  const n = a.length;
  let best = 0;
  for (let subset = 0; subset < 2 ** n; subset++) {
    const vs = [...Array(n).keys()].filter((v) => Math.floor(subset / 2 ** v) % 2 === 1);
    if (vs.length <= best) continue;
    if (vs.every((v, i) => vs.every((w, j) => i === j || a[v]![w]))) best = vs.length;
  }
  return best;
}

/** Plain Pearson correlation by the textbook formula. */
export function plainPearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    num += (x[i]! - mx) * (y[i]! - my);
    dx += (x[i]! - mx) ** 2;
    dy += (y[i]! - my) ** 2;
  }
  return num / Math.sqrt(dx * dy);
}
