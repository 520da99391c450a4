import {
  type Dag,
  type RandomSource,
  type SearchSpace,
  type SpaceValidity,
  SearchSpaceError,
  createDag,
  defineVocabulary,
  edgeCount,
  oneHotAdjacency,
  oneHotAdjacencyLength,
  spaceParseError,
} from '@opnas/dag';
import { moduleHash } from './module-hash.js';

/**
 * NAS-Bench-101's vertex types: 0 input, 1 output, then the three operations in the order of
 * nasbench's `available_ops` (their index is the hash label).
 */
export const NB101_VOCABULARY = defineVocabulary({
  names: ['input', 'output', 'conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'],
  labels: ['input', 'output', 'conv 3×3-BN-ReLU', 'conv 1×1-BN-ReLU', 'max pool 3×3'],
  start: 0,
  end: 1,
});

/** NAS-Bench-101's limits: at most 7 vertices and 9 edges in the pruned cell. */
export const NB101_MAX_VERTICES = 7;
export const NB101_MAX_EDGES = 9;

/** The rules of {@link NB101}, in the order they are checked. */
export type Nb101Rule = 'input-first-output-last' | 'operations' | 'upper-triangular' | 'connected' | 'max-vertices' | 'max-edges';
const RULES: readonly Nb101Rule[] = Object.freeze(['input-first-output-last', 'operations', 'upper-triangular', 'connected', 'max-vertices', 'max-edges']);

const SPACE = 'nb101';
const PKG = '@opnas/spaces';

/** Vertices reachable from `from` along edges (forward) or against them (backward). */
function reach(dag: Dag, from: number, forward: boolean): number {
  const n = dag.types.length;
  let seen = 1 << from;
  const stack = [from];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let w = 0; w < n; w++) {
      const edge = forward ? (dag.inMasks[w]! >>> v) & 1 : (dag.inMasks[v]! >>> w) & 1;
      if (edge && !((seen >>> w) & 1)) {
        seen |= 1 << w;
        stack.push(w);
      }
    }
  }
  return seen >>> 0;
}

/**
 * nasbench's pruning (`ModelSpec._prune`): drop every vertex that is not on a path from the input
 * to the output, keeping the others in order. The input and output are found by type, so any
 * vertex order works. Returns null when the output is not reachable from the input (nasbench's
 * `valid_spec = False`).
 */
export function pruneCell(dag: Dag): Dag | null {
  const input = dag.types.indexOf(NB101_VOCABULARY.start);
  const output = dag.types.indexOf(NB101_VOCABULARY.end);
  if (input < 0 || output < 0) return null;
  const keep = (reach(dag, input, true) & reach(dag, output, false)) >>> 0;
  if (!((keep >>> output) & 1)) return null;
  const kept: number[] = [];
  for (let v = 0; v < dag.types.length; v++) if ((keep >>> v) & 1) kept.push(v);
  const position = new Map(kept.map((v, i) => [v, i]));
  const masks = kept.map((v) => {
    let mask = 0;
    for (const [w, i] of position) if ((dag.inMasks[v]! >>> w) & 1) mask |= 1 << i;
    return mask >>> 0;
  });
  return createDag(
    kept.map((v) => dag.types[v]!),
    masks,
  );
}

/** nasbench's hash labels: −1 input, −2 output, else the index of the op in `available_ops`. */
function hashLabels(dag: Dag): number[] {
  return dag.types.map((t) => (t === NB101_VOCABULARY.start ? -1 : t === NB101_VOCABULARY.end ? -2 : t - 2));
}

/** The nasbench module hash of a cell (pruned first, as `ModelSpec.hash_spec` hashes the pruned matrix). */
export function nb101Hash(dag: Dag): string {
  const pruned = pruneCell(dag);
  if (pruned === null) throw new SearchSpaceError(`${PKG}: ${SPACE}: cannot hash a cell whose output is not reachable from its input`, SPACE);
  return moduleHash(pruned, hashLabels(pruned));
}

function parseNb101(notation: string): Dag {
  if (typeof notation !== 'string') throw spaceParseError(SPACE, 0, 'the notation must be a string', PKG);
  const bar = notation.indexOf('|');
  if (bar < 0) throw spaceParseError(SPACE, notation.length, 'expected "ops|matrix rows", found no "|"', PKG);
  if (notation.indexOf('|', bar + 1) >= 0) throw spaceParseError(SPACE, notation.indexOf('|', bar + 1), 'expected one "|"', PKG);
  const types: number[] = [];
  let at = 0;
  for (const name of notation.slice(0, bar).split(',')) {
    const t = NB101_VOCABULARY.names.indexOf(name);
    if (t < 0) throw spaceParseError(SPACE, at, `"${name}" is not an operation (${NB101_VOCABULARY.names.join(', ')})`, PKG);
    types.push(t);
    at += name.length + 1;
  }
  const n = types.length;
  if (n > 32) throw spaceParseError(SPACE, 0, `at most 32 vertices, found ${n}`, PKG);
  const rows = notation.slice(bar + 1).split(',');
  at = bar + 1;
  if (rows.length !== n) throw spaceParseError(SPACE, at, `${n} operations need ${n} matrix rows, found ${rows.length}`, PKG);
  const masks = new Array<number>(n).fill(0);
  rows.forEach((row, i) => {
    if (row.length !== n) throw spaceParseError(SPACE, at, `row ${i} must have ${n} digits, found ${row.length}`, PKG);
    for (let j = 0; j < n; j++) {
      const c = row[j];
      if (c !== '0' && c !== '1') throw spaceParseError(SPACE, at + j, `row ${i} column ${j} must be 0 or 1, found "${c}"`, PKG);
      if (c === '1' && i === j) throw spaceParseError(SPACE, at + j, `vertex ${i} has a self loop`, PKG);
      if (c === '1') masks[j] = (masks[j]! | (1 << i)) >>> 0;
    }
    at += row.length + 1;
  });
  return createDag(types, masks);
}

function formatNb101(dag: Dag): string {
  const n = dag.types.length;
  const names = dag.types.map((t, v) => {
    const name = NB101_VOCABULARY.names[t];
    if (name === undefined) throw new SearchSpaceError(`${PKG}: ${SPACE}: vertex ${v} has type ${t}, outside 0..4`, SPACE);
    return name;
  });
  const rows = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((dag.inMasks[j]! >>> i) & 1 ? '1' : '0')).join(''));
  return `${names.join(',')}|${rows.join(',')}`;
}

function checkNb101(dag: Dag): SpaceValidity<Nb101Rule> {
  const fail = (rule: Nb101Rule, message: string): SpaceValidity<Nb101Rule> => ({ valid: false, rule, message });
  const n = dag.types.length;
  const { start, end } = NB101_VOCABULARY;
  if (n < 2 || dag.types[0] !== start || dag.types[n - 1] !== end) {
    return fail('input-first-output-last', 'the first vertex must be the input and the last the output');
  }
  for (let v = 1; v < n - 1; v++) {
    const t = dag.types[v]!;
    if (t < 2 || t > 4) return fail('operations', `vertex ${v} has type ${NB101_VOCABULARY.names[t] ?? t}, not an operation`);
  }
  for (let j = 0; j < n; j++) {
    if (dag.inMasks[j]! >>> j !== 0) return fail('upper-triangular', `vertex ${j} has an in-edge from a later vertex`);
  }
  const pruned = pruneCell(dag);
  if (pruned === null) return fail('connected', 'the output is not reachable from the input');
  if (pruned.types.length > NB101_MAX_VERTICES) {
    return fail('max-vertices', `the pruned cell has ${pruned.types.length} vertices, at most ${NB101_MAX_VERTICES} allowed`);
  }
  const edges = edgeCount(pruned);
  if (edges > NB101_MAX_EDGES) return fail('max-edges', `the pruned cell has ${edges} edges, at most ${NB101_MAX_EDGES} allowed`);
  return { valid: true };
}

/**
 * NAS-Bench-101 cells (Ying et al. 2019): up to 7 vertices and 9 edges after pruning the
 * vertices not on an input–output path, operations conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3.
 *
 * - Notation: `ops|rows`, the op names comma-separated, then the rows of the adjacency matrix
 *   (row `i`, column `j` = edge `i → j`), e.g. `input,conv3x3-bn-relu,output|011,001,000`.
 * - Key: the nasbench module hash of the pruned cell (isomorphism-invariant, the key of the
 *   NAS-Bench-101 tables).
 * - Sampler: nasbench's: a random upper-triangular 7 × 7 matrix and random ops until the cell is
 *   valid; returns the pruned cell.
 * - Features: one-hot ops and adjacency of the pruned cell, padded to 7 vertices (56 numbers).
 */
export const NB101: SearchSpace<Nb101Rule> = Object.freeze({
  name: SPACE,
  vocabulary: NB101_VOCABULARY,
  maxVertices: NB101_MAX_VERTICES,
  rules: RULES,
  featureLength: oneHotAdjacencyLength({ maxVertices: NB101_MAX_VERTICES, typeCount: 5 }),
  parse: parseNb101,
  format: formatNb101,
  check: checkNb101,
  key: nb101Hash,
  sample(random: RandomSource): Dag {
    const n = NB101_MAX_VERTICES;
    for (;;) {
      const types = [NB101_VOCABULARY.start];
      for (let v = 1; v < n - 1; v++) types.push(2 + random.randbelow(3));
      types.push(NB101_VOCABULARY.end);
      const masks = new Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (random.randbelow(2) === 1) masks[j] = (masks[j]! | (1 << i)) >>> 0;
      const dag = createDag(types, masks);
      if (checkNb101(dag).valid) return pruneCell(dag)!;
    }
  },
  features(dag: Dag): Float64Array {
    const pruned = pruneCell(dag);
    if (pruned === null) throw new SearchSpaceError(`${PKG}: ${SPACE}: cannot encode a cell whose output is not reachable from its input`, SPACE);
    return oneHotAdjacency(pruned, { maxVertices: NB101_MAX_VERTICES, typeCount: 5 });
  },
});
