import { type Dag, type RandomSource, type SearchSpace, type SpaceValidity, SearchSpaceError, createDag, defineVocabulary, spaceParseError } from '@opnas/dag';

/** NAS-Bench-201's five edge operations, in the benchmark's order. */
export const NB201_OPERATIONS = Object.freeze(['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const);

/** Vertex types of the operation-on-node DAG: 0 input, 1 output, then the five operations. */
export const NB201_VOCABULARY = defineVocabulary({
  names: ['input', 'output', ...NB201_OPERATIONS],
  labels: ['input', 'output', 'zero', 'skip', 'conv 1×1', 'conv 3×3', 'avg pool 3×3'],
  start: 0,
  end: 1,
});

/** The six cell edges `[from, to]` in the order the arch string lists them. */
export const NB201_EDGES: readonly (readonly [number, number])[] = Object.freeze([
  [0, 1],
  [0, 2],
  [1, 2],
  [0, 3],
  [1, 3],
  [2, 3],
]);

/** Number of NAS-Bench-201 cells: 5 operations on each of 6 edges. */
export const NB201_CELL_COUNT = 5 ** 6;

/** The rules of {@link NB201}, in the order they are checked. */
export type Nb201Rule = 'vertex-count' | 'one-input-one-output' | 'operations' | 'cell-structure';
const RULES: readonly Nb201Rule[] = Object.freeze(['vertex-count', 'one-input-one-output', 'operations', 'cell-structure']);

const SPACE = 'nb201';
const PKG = '@opnas/spaces';

/**
 * In-neighbours of the operation-on-node DAG, as arch2vec builds it: vertex 0 the input, vertex
 * `1 + e` the operation of edge `e` (arch-string order), vertex 7 the output. An edge-vertex
 * `a → b` feeds every edge-vertex leaving cell node `b`, or the output when `b` is node 3;
 * edges leaving cell node 0 are fed by the input.
 */
const TEMPLATE_MASKS: readonly number[] = (() => {
  const masks = new Array<number>(8).fill(0);
  NB201_EDGES.forEach(([from], e) => {
    if (from === 0) masks[1 + e] = 1;
    else NB201_EDGES.forEach(([, to], f) => to === from && (masks[1 + e]! |= 1 << (1 + f)));
  });
  NB201_EDGES.forEach(([, to], e) => to === 3 && (masks[7]! |= 1 << (1 + e)));
  return masks;
})();

/** Operation indices (0..4) on the six edges → the operation-on-node DAG. */
export function nb201CellToDag(operations: readonly number[]): Dag {
  if (operations.length !== 6 || operations.some((op) => !Number.isInteger(op) || op < 0 || op > 4)) {
    throw new SearchSpaceError(`${PKG}: ${SPACE}: a cell needs 6 operation indices in 0..4, got [${operations.join(', ')}]`, SPACE);
  }
  return createDag([0, ...operations.map((op) => op + 2), 1], TEMPLATE_MASKS);
}

/** The string `|a~0|+|b~0|c~1|+|d~0|e~1|f~2|` of six operation indices. */
function cellString(operations: readonly number[]): string {
  const part = (from: number, to: number) => `${NB201_OPERATIONS[operations[NB201_EDGES.findIndex(([a, b]) => a === from && b === to)]!]}~${from}`;
  return [1, 2, 3].map((to) => `|${Array.from({ length: to }, (_, from) => part(from, to)).join('|')}|`).join('+');
}

const single = (mask: number): number => (mask !== 0 && (mask & (mask - 1)) === 0 ? 31 - Math.clz32(mask) : -1);

/**
 * The operation on each of the six edges, recovered from the structure alone (any vertex order):
 * every vertex of the template plays a structurally distinct role. Null unless the graph is the
 * template up to a relabelling.
 */
function recoverOperations(dag: Dag): number[] | null {
  if (dag.types.length !== 8) return null;
  const input = dag.types.indexOf(0);
  const output = dag.types.indexOf(1);
  if (input < 0 || output < 0) return null;
  const outMask = (v: number) => dag.inMasks.reduce((m, mask, w) => (((mask >>> v) & 1) === 1 ? m | (1 << w) : m), 0);
  const list = (mask: number) => [0, 1, 2, 3, 4, 5, 6, 7].filter((v) => ((mask >>> v) & 1) === 1);
  const fromInput = list(outMask(input));
  if (fromInput.length !== 3) return null;
  const e03 = fromInput.find((v) => outMask(v) === 1 << output);
  const e01 = fromInput.find((v) => list(outMask(v)).length === 2);
  const e02 = fromInput.find((v) => v !== e03 && v !== e01);
  if (e03 === undefined || e01 === undefined || e02 === undefined) return null;
  const e23 = single(outMask(e02));
  const e13 = list(outMask(e01)).find((v) => outMask(v) === 1 << output);
  const e12 = list(outMask(e01)).find((v) => v !== e13);
  if (e23 < 0 || e13 === undefined || e12 === undefined) return null;
  const order = [e01, e02, e12, e03, e13, e23];
  const position = [input, ...order, output];
  if (new Set(position).size !== 8) return null;
  // the graph must be exactly the template under this relabelling
  for (let t = 0; t < 8; t++) {
    let mask = 0;
    for (let s = 0; s < 8; s++) if ((dag.inMasks[position[t]!]! >>> position[s]!) & 1) mask |= 1 << s;
    if (mask !== TEMPLATE_MASKS[t]) return null;
  }
  return order.map((v) => dag.types[v]! - 2);
}

function checkNb201(dag: Dag): SpaceValidity<Nb201Rule> {
  const fail = (rule: Nb201Rule, message: string): SpaceValidity<Nb201Rule> => ({ valid: false, rule, message });
  const n = dag.types.length;
  if (n !== 8) return fail('vertex-count', `the graph has ${n} vertices, expected 8 (input, 6 edge operations, output)`);
  const inputs = dag.types.filter((t) => t === 0).length;
  const outputs = dag.types.filter((t) => t === 1).length;
  if (inputs !== 1 || outputs !== 1) return fail('one-input-one-output', `expected one input and one output vertex, found ${inputs} and ${outputs}`);
  const bad = dag.types.findIndex((t) => t > 6);
  if (bad >= 0) return fail('operations', `vertex ${bad} has type ${dag.types[bad]}, not an NB201 operation`);
  if (recoverOperations(dag) === null) return fail('cell-structure', 'the edges are not those of the NAS-Bench-201 cell (4 nodes, 6 edges) in operation-on-node form');
  return { valid: true };
}

function operationsOf(dag: Dag, what: string): number[] {
  const operations = recoverOperations(dag);
  if (operations === null || operations.some((op) => op < 0 || op > 4)) {
    throw new SearchSpaceError(`${PKG}: ${SPACE}: cannot ${what}: ${checkNb201(dag).valid ? 'unexpected' : (checkNb201(dag) as { message: string }).message}`, SPACE);
  }
  return operations;
}

function parseNb201(notation: string): Dag {
  if (typeof notation !== 'string') throw spaceParseError(SPACE, 0, 'the arch string must be a string', PKG);
  let at = 0;
  const expect = (text: string) => {
    if (!notation.startsWith(text, at)) {
      let k = 0;
      while (notation[at + k] === text[k]) k++;
      const found = at + k < notation.length ? `"${notation[at + k]}"` : 'the end';
      throw spaceParseError(SPACE, at + k, `expected "${text}", found ${found}`, PKG);
    }
    at += text.length;
  };
  const byEdge = new Array<number>(6);
  for (let to = 1; to <= 3; to++) {
    if (to > 1) expect('+');
    expect('|');
    for (let from = 0; from < to; from++) {
      const tilde = notation.indexOf('~', at);
      const name = tilde < 0 ? notation.slice(at) : notation.slice(at, tilde);
      const op = (NB201_OPERATIONS as readonly string[]).indexOf(name);
      if (op < 0) throw spaceParseError(SPACE, at, `"${name}" is not an operation (${NB201_OPERATIONS.join(', ')})`, PKG);
      at += name.length;
      expect(`~${from}|`);
      byEdge[NB201_EDGES.findIndex(([a, b]) => a === from && b === to)] = op;
    }
  }
  if (at !== notation.length) throw spaceParseError(SPACE, at, 'unexpected text after the third node', PKG);
  return nb201CellToDag(byEdge);
}

/**
 * NAS-Bench-201 cells (Dong & Yang 2020): 4 nodes, an operation on each of the 6 edges, 15,625
 * cells, as the operation-on-node DAG arch2vec trains on (8 vertices: input, the six edge
 * operations in arch-string order, output; `none` stays a vertex type).
 *
 * - Notation: the benchmark's arch string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`.
 * - Key: the arch string, recovered from the structure, so it is invariant under any relabelling
 *   of the DAG's vertices.
 * - Sampler: an operation per edge, uniformly.
 * - Features: the one-hot operation of each edge (30 numbers).
 */
export const NB201: SearchSpace<Nb201Rule> = Object.freeze({
  name: SPACE,
  vocabulary: NB201_VOCABULARY,
  maxVertices: 8,
  rules: RULES,
  featureLength: 30,
  parse: parseNb201,
  format: (dag: Dag) => cellString(operationsOf(dag, 'format')),
  check: checkNb201,
  key: (dag: Dag) => cellString(operationsOf(dag, 'key')),
  sample: (random: RandomSource) => nb201CellToDag(Array.from({ length: 6 }, () => random.randbelow(5))),
  features(dag: Dag): Float64Array {
    const out = new Float64Array(30);
    operationsOf(dag, 'encode').forEach((op, e) => (out[e * 5 + op] = 1));
    return out;
  },
});

/** All 15,625 cells as operation-on-node DAGs, edge 0's operation varying slowest. */
export function enumerateNb201(): Dag[] {
  const cells: Dag[] = [];
  for (let index = 0; index < NB201_CELL_COUNT; index++) {
    const ops: number[] = [];
    for (let e = 5, rest = index; e >= 0; e--, rest = Math.floor(rest / 5)) ops[e] = rest % 5;
    cells.push(nb201CellToDag(ops));
  }
  return cells;
}
