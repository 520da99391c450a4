import { type Dag, dagToEnasFlat, enasFlatToDag, isValidEnas } from '@opnas/dag';
import { BayesOptArgumentError } from './errors.js';

/** One stochastic decoding: a graph, or an ENAS flat string the decoder already produced. */
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
 * The flat string of a decoded graph if it is a valid 8-vertex ENAS architecture (the reference's
 * `is_valid_ENAS` plus the BO vertex-count rule), otherwise null.
 */
export function validEnasFlat(graph: DecodedGraph): string | null {
  let dag: Dag;
  if (typeof graph === 'string') {
    try {
      dag = enasFlatToDag(graph);
    } catch {
      return null;
    }
  } else dag = graph;
  if (!isValidEnas(dag, { vertexCount: 8 })) return null;
  return dagToEnasFlat(dag);
}

/** Pick the architecture of one point from its decodings; null when none is valid. */
export function selectDecoding(attempts: readonly DecodedGraph[], policy: DecodingPolicy = 'mostCommon'): string | null {
  if (policy === 'firstValid') {
    for (const graph of attempts) {
      const flat = validEnasFlat(graph);
      if (flat !== null) return flat;
    }
    return null;
  }
  const counts = new Map<string, number>();
  for (const graph of attempts) {
    const flat = validEnasFlat(graph);
    if (flat !== null) counts.set(flat, (counts.get(flat) ?? 0) + 1);
  }
  // Map iteration follows first appearance, so ties go to the architecture decoded first
  // (as Python's Counter.most_common orders them)
  let best: string | null = null;
  let bestCount = 0;
  for (const [flat, c] of counts) {
    if (c > bestCount) {
      best = flat;
      bestCount = c;
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
}

/** Decode a batch of latent points into one architecture (or null) each. */
export async function decodeLatentPoints(
  decoder: LatentDecoder,
  points: readonly Float64Array[],
  options: DecodeLatentOptions = {},
): Promise<(string | null)[]> {
  const attempts = options.attempts ?? 500;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: attempts must be a positive integer, got ${attempts}`, 'attempts');
  }
  const decoded = await decoder(points, attempts, { seed: options.seed ?? 1 });
  if (!Array.isArray(decoded) || decoded.length !== points.length) {
    throw new BayesOptArgumentError(
      `@opnas/bayesopt: the decoder returned ${Array.isArray(decoded) ? decoded.length : typeof decoded} lists for ${points.length} points`,
      'decoder',
    );
  }
  return decoded.map((list) => selectDecoding(list, options.policy ?? 'mostCommon'));
}
