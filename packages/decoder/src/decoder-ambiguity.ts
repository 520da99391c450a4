import type { Dag } from '@opnas/dag';
import type { GraphStateRule } from './dvae-decoder.js';

/** A decision D-VAE's decoder cannot get right for a graph (see {@link decoderAmbiguity}). */
export interface DecoderAmbiguity {
  readonly kind: 'type' | 'edge';
  /** The vertex being added whose type or in-edge is ambiguous. */
  readonly vertex: number;
  /** For an edge: the candidate source. */
  readonly source?: number;
  /** The earlier decision of the same graph that saw the same inputs and needed the other answer. */
  readonly conflictsWith: { readonly vertex: number; readonly source?: number };
}

/**
 * Whether D-VAE's decoder can generate `dag` at all, whatever its weights: a decoder state is a
 * function of a vertex's type and its predecessors' states, so two vertices with the same type
 * and equivalent predecessors have identical states; the edge scorer sees only the candidate's
 * state and the new vertex's (starting from its type alone), and the type head the graph state
 * (`'last'`: the previous vertex's state; `'sum'`: the sum of all so far). When two decisions of
 * one graph see identical inputs but need different answers, no model reconstructs the graph.
 * Returns the first such decision, or null.
 *
 * ENAS graphs never hit this (the backbone edge gives every vertex its history); cells without a
 * backbone do: of NAS-Bench-201's 15,625 cells in arch2vec's operation-on-node form only 1,080
 * are free of it with the `'last'` rule and 1,800 with `'sum'`.
 */
export function decoderAmbiguity(dag: Dag, options: { readonly graphState?: GraphStateRule } = {}): DecoderAmbiguity | null {
  const rule = options.graphState ?? 'last';
  const n = dag.types.length;
  // vertices with equal signatures have equal decoder states (h_0 is shared within the graph)
  const signature: string[] = [];
  for (let v = 0; v < n; v++) {
    const preds: string[] = [];
    for (let u = 0; u < v; u++) if ((dag.inMasks[v]! >>> u) & 1) preds.push(signature[u]!);
    signature.push(`${dag.types[v]}(${preds.sort().join(',')})`);
  }
  const seen = new Map<string, { answer: number | boolean; vertex: number; source?: number }>();
  const check = (key: string, answer: number | boolean, vertex: number, source?: number): DecoderAmbiguity | null => {
    const previous = seen.get(key);
    if (previous === undefined) {
      seen.set(key, source === undefined ? { answer, vertex } : { answer, vertex, source });
      return null;
    }
    if (previous.answer === answer) return null;
    const conflictsWith = previous.source === undefined ? { vertex: previous.vertex } : { vertex: previous.vertex, source: previous.source };
    return source === undefined ? { kind: 'type', vertex, conflictsWith } : { kind: 'edge', vertex, source, conflictsWith };
  };
  for (let v = 1; v < n; v++) {
    const state = rule === 'last' ? signature[v - 1]! : signature.slice(0, v).sort().join('+');
    const typeConflict = check(`type|${state}`, dag.types[v]!, v);
    if (typeConflict) return typeConflict;
    if (v === n - 1) continue; // the END vertex takes every loose end, no edge decisions
    const added: string[] = [];
    for (let u = v - 1; u >= 0; u--) {
      const present = ((dag.inMasks[v]! >>> u) & 1) === 1;
      const edgeConflict = check(`edge|${signature[u]}|${dag.types[v]}|${[...added].sort().join(',')}`, present, v, u);
      if (edgeConflict) return edgeConflict;
      if (present) added.push(signature[u]!);
    }
  }
  return null;
}
