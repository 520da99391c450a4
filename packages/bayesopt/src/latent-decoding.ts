import { type Dag, ENAS6, type SearchSpace } from '@opnas/dag';
import { positiveInteger } from '@opnas/errors';
import { BayesOptArgumentError, invalidArgument } from './errors.js';

/** One stochastic decoding: a graph, or the space's notation the decoder already produced (an ENAS flat string for ENAS6). */
export type DecodedGraph = Dag | string;

/**
 * Decodes latent points, each `attempts` times, stochastically (protocol §7.4). Returns one list per
 * point with the attempts in order. `seed` makes a run reproducible (and resumable): the decoder
 * should derive its sampling noise from it. This is the hook the trained models fill; BO never
 * sees a model class.
 */
export type LatentDecoder = (
  points: readonly Float64Array[],
  attempts: number,
  context: { readonly seed: number },
) => Promise<readonly (readonly DecodedGraph[])[]> | readonly (readonly DecodedGraph[])[];

/**
 * Which valid decoding represents a point (protocol §10.2 item 1):
 * - `mostCommon` — the intended behaviour: the most frequent valid architecture, ties going to
 *   the one seen first;
 * - `firstValid` — what the reference actually returns (its arg-max over a dict view is always
 *   0): the first valid decoding in attempt order.
 */
export type DecodingPolicy = 'mostCommon' | 'firstValid';

/**
 * The notation of a decoded graph if it is a valid architecture of `space`, otherwise null. For
 * the default ENAS6 that is the flat string of a valid 8-vertex ENAS architecture (the
 * reference's `is_valid_ENAS` plus the BO vertex-count rule).
 */
export function validNotation(graph: DecodedGraph, space: SearchSpace = ENAS6): { readonly notation: string; readonly key: string } | null {
  let dag: Dag;
  if (typeof graph === 'string') {
    try {
      dag = space.parse(graph);
    } catch {
      return null;
    }
  } else dag = graph;
  if (!space.check(dag).valid) return null;
  return { notation: space.format(dag), key: space.key(dag) };
}

/** {@link validNotation} for ENAS6: the flat string of a valid 8-vertex ENAS architecture, or null. */
export function validEnasFlat(graph: DecodedGraph): string | null {
  return validNotation(graph, ENAS6)?.notation ?? null;
}

/**
 * Pick the architecture of one point from its decodings (its notation in `space`, default ENAS6);
 * null when none is valid. Decodings are counted by the space's key, so isomorphic NB101 cells
 * count as one architecture; the notation returned is the first seen of the winning key.
 */
export function selectDecoding(attempts: readonly DecodedGraph[], policy: DecodingPolicy = 'mostCommon', space: SearchSpace = ENAS6): string | null {
  if (policy === 'firstValid') {
    for (const graph of attempts) {
      const valid = validNotation(graph, space);
      if (valid !== null) return valid.notation;
    }
    return null;
  }
  const counts = new Map<string, { notation: string; count: number }>();
  for (const graph of attempts) {
    const valid = validNotation(graph, space);
    if (valid === null) continue;
    const entry = counts.get(valid.key);
    if (entry === undefined) counts.set(valid.key, { notation: valid.notation, count: 1 });
    else entry.count++;
  }
  // Map iteration follows first appearance, so ties go to the architecture decoded first
  // (as Python's Counter.most_common orders them)
  let best: string | null = null;
  let bestCount = 0;
  for (const { notation, count } of counts.values()) {
    if (count > bestCount) {
      best = notation;
      bestCount = count;
    }
  }
  return best;
}

/** Options of {@link decodeLatentPoints}; defaults are the reference's. */
export interface DecodeLatentOptions {
  /** Stochastic decodings per point. Default 500. */
  readonly attempts?: number;
  /** Default 'mostCommon'. */
  readonly policy?: DecodingPolicy;
  /** Passed to the decoder. Default 1. */
  readonly seed?: number;
  /** The search space that judges validity and names architectures. Default ENAS6. */
  readonly space?: SearchSpace;
}

/** Decode a batch of latent points into one architecture (or null) each. */
export async function decodeLatentPoints(decoder: LatentDecoder, points: readonly Float64Array[], options: DecodeLatentOptions = {}): Promise<(string | null)[]> {
  const attempts = options.attempts ?? 500;
  positiveInteger(attempts, 'attempts', invalidArgument);
  const decoded = await decoder(points, attempts, { seed: options.seed ?? 1 });
  if (!Array.isArray(decoded) || decoded.length !== points.length) {
    throw new BayesOptArgumentError(
      `@opnas/bayesopt: the decoder returned ${Array.isArray(decoded) ? decoded.length : typeof decoded} lists for ${points.length} points`,
      'decoder',
    );
  }
  return decoded.map((list) => selectDecoding(list, options.policy ?? 'mostCommon', options.space ?? ENAS6));
}
