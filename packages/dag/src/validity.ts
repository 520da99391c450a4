import { type Dag, inDegrees, outDegrees } from './dag.js';
import { ENAS_VOCABULARY, type OperationVocabulary } from './vocabulary.js';

/** True iff the graph has no directed cycle (Kahn's algorithm on the in-neighbour masks). */
export function isAcyclic(dag: Dag): boolean {
  const n = dag.types.length;
  const remaining = [...dag.inMasks];
  let done = 0; // mask of removed vertices
  let removed = 0;
  let progress = true;
  while (progress) {
    progress = false;
    for (let v = 0; v < n; v++) {
      if ((done >>> v) & 1) continue;
      if ((remaining[v]! & ~done) === 0) {
        done = (done | (1 << v)) >>> 0;
        removed++;
        progress = true;
      }
    }
  }
  return removed === n;
}

/** The rules of the reference's `is_valid_ENAS` (protocol §5.2), plus the BO vertex-count rule. */
export type EnasValidityRule = 'acyclic' | 'one-start-one-end' | 'sources-are-start' | 'sinks-are-end' | 'backbone' | 'output-in-degree' | 'vertex-count';

/** Result of {@link checkEnasValidity}. */
export type EnasValidity = { readonly valid: true } | { readonly valid: false; readonly rule: EnasValidityRule; readonly message: string };

/** Options of {@link isValidEnas}. */
export interface EnasValidityOptions {
  /** Also require exactly this many vertices (BO requires 8, protocol §7.4). Default: no check. */
  readonly vertexCount?: number;
  /** The vocabulary that names START and END. Default {@link ENAS_VOCABULARY}. */
  readonly vocabulary?: OperationVocabulary;
}

/**
 * Check the reference's `is_valid_ENAS` rules in its order and say which one fails first:
 * acyclic; exactly one START and one END; in-degree 0 ⇒ START; out-degree 0 ⇒ END;
 * every backbone edge `i → i+1` for `i ≤ n−3`; the last vertex has in-degree 1.
 */
export function checkEnasValidity(dag: Dag, options: EnasValidityOptions = {}): EnasValidity {
  const { start, end, names } = options.vocabulary ?? ENAS_VOCABULARY;
  const n = dag.types.length;
  const fail = (rule: EnasValidityRule, message: string): EnasValidity => ({ valid: false, rule, message });
  if (!isAcyclic(dag)) return fail('acyclic', 'the graph has a directed cycle');
  const starts = dag.types.filter((t) => t === start).length;
  const ends = dag.types.filter((t) => t === end).length;
  if (starts !== 1 || ends !== 1) {
    return fail('one-start-one-end', `expected exactly one ${names[start]} and one ${names[end]} vertex, found ${starts} and ${ends}`);
  }
  const ins = inDegrees(dag);
  const outs = outDegrees(dag);
  for (let v = 0; v < n; v++) {
    if (ins[v] === 0 && dag.types[v] !== start) {
      return fail('sources-are-start', `vertex ${v} has no in-edges but is ${names[dag.types[v]!] ?? dag.types[v]}, not ${names[start]}`);
    }
  }
  for (let v = 0; v < n; v++) {
    if (outs[v] === 0 && dag.types[v] !== end) {
      return fail('sinks-are-end', `vertex ${v} has no out-edges but is ${names[dag.types[v]!] ?? dag.types[v]}, not ${names[end]}`);
    }
  }
  for (let i = 0; i <= n - 3; i++) {
    if (((dag.inMasks[i + 1]! >>> i) & 1) === 0) return fail('backbone', `the backbone edge ${i}→${i + 1} is missing`);
  }
  if (ins[n - 1] !== 1) return fail('output-in-degree', `the last vertex ${n - 1} has in-degree ${ins[n - 1]}, expected 1`);
  if (options.vertexCount !== undefined && n !== options.vertexCount) {
    return fail('vertex-count', `the graph has ${n} vertices, expected ${options.vertexCount}`);
  }
  return { valid: true };
}

/**
 * The reference's `is_valid_ENAS` (protocol §5.2). It does not check the vertex count; pass
 * `{ vertexCount: 8 }` for the stricter rule BO applies (protocol §7.4).
 */
export function isValidEnas(dag: Dag, options: EnasValidityOptions = {}): boolean {
  return checkEnasValidity(dag, options).valid;
}
