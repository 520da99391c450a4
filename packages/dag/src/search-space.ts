import type { Dag } from './dag.js';
import { SpaceParseError } from './errors.js';
import type { OperationVocabulary } from './vocabulary.js';

/**
 * A source of uniform integers: `randbelow(n)` returns an integer in `0..n-1`. `PythonRandom`
 * of `@opnas/rng` is one; any seeded generator can be wrapped in a line.
 */
export interface RandomSource {
  randbelow(n: number): number;
}

/** Result of {@link SearchSpace.check}: valid, or the first rule broken and why. */
export type SpaceValidity<Rule extends string = string> = { readonly valid: true } | { readonly valid: false; readonly rule: Rule; readonly message: string };

/**
 * A cell-based search space: what a graph VAE, a validity metric, a BO loop or a cache needs to
 * know about architectures, so that none of them hard-codes one space.
 *
 * Graphs are {@link Dag}s whose vertex types index {@link vocabulary}; vertex 0 is the input and
 * the last vertex the output when the space's own conversions build them (decoders generate in
 * that order).
 */
export interface SearchSpace<Rule extends string = string> {
  /** Short name, e.g. `enas6`, `nb101`, `nb201`. */
  readonly name: string;
  /** Vertex types; `start`/`end` name the input and output types. */
  readonly vocabulary: OperationVocabulary;
  /** Largest vertex count of a valid architecture (the decoder's generation limit). */
  readonly maxVertices: number;
  /** The validity rules in the order {@link check} applies them. */
  readonly rules: readonly Rule[];
  /** Length of the vectors {@link features} returns. */
  readonly featureLength: number;
  /** The space's own notation → graph. Throws {@link SpaceParseError} naming the position. */
  parse(notation: string): Dag;
  /** Graph → the space's notation; `parse(format(g))` is `g` for graphs the notation can hold. */
  format(dag: Dag): string;
  /** Check the rules in order and say which one fails first. */
  check(dag: Dag): SpaceValidity<Rule>;
  /**
   * A string that is equal for two valid architectures exactly when they are the same
   * architecture of this space (isomorphism-invariant where the space needs it). Keys caches,
   * evaluators, uniqueness and novelty.
   */
  key(dag: Dag): string;
  /** One random valid architecture. */
  sample(random: RandomSource): Dag;
  /** A fixed-length numeric encoding (one-hot operations and adjacency) of a valid architecture. */
  features(dag: Dag): Float64Array;
}

/** True iff `dag` passes every rule of `space`. */
export function isValidIn(space: SearchSpace, dag: Dag): boolean {
  return space.check(dag).valid;
}

/** A {@link SpaceParseError} whose message names the package, space and character position. */
export function spaceParseError(space: string, position: number, problem: string, packageName = '@opnas/dag'): SpaceParseError {
  return new SpaceParseError(`${packageName}: ${space}: at character ${position + 1}: ${problem}`, space, position);
}

/** Whitespace-separated tokens with their 0-based character offsets. */
export function tokensWithOffsets(text: string): { readonly text: string; readonly offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  for (const match of text.matchAll(/\S+/g)) out.push({ text: match[0], offset: match.index });
  return out;
}
