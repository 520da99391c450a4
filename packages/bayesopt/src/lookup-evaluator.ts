import type { SearchSpace } from '@opnas/dag';
import type { Evaluation, Evaluator } from './evaluator.js';

/**
 * Anything that maps an architecture to a known accuracy: `AccuracyLookup` of `@opnas/enas-data`
 * (by ENAS flat string), or the `byKey` map of a labels file of `@opnas/spaces` (by the space's key).
 */
export interface AccuracyTable {
  get(key: string): number | undefined;
  readonly size: number;
}

/** Options of {@link lookupEvaluator}. */
export interface LookupEvaluatorOptions {
  /**
   * The space whose key the table is keyed by: each notation is parsed and keyed by it (so that
   * every notation of an NB101 cell finds its label). Default: none — the table is asked with the
   * notation itself, an ENAS flat string (ENAS6's key is its flat string).
   */
  readonly space?: SearchSpace;
}

/** The key of a notation in `space`, or null for a string the space cannot parse. */
export function spaceKeyOf(space: SearchSpace, notation: string): string | null {
  try {
    return space.key(space.parse(notation));
  } catch {
    return null;
  }
}

/**
 * The exact option of protocol §7.5: the weight-sharing accuracies of the 20,015 labelled
 * architectures of the dataset (burn-in included), or with `space` a user's labels of another
 * space. Anything else is 'unscored' — BO then gives it the worst current score, as the reference
 * does for undecodable points.
 */
export function lookupEvaluator(table: AccuracyTable, options: LookupEvaluatorOptions = {}): Evaluator {
  const { space } = options;
  const find = (notation: string) => {
    if (!space) return table.get(notation);
    const key = spaceKeyOf(space, notation);
    return key === null ? undefined : table.get(key);
  };
  return {
    kind: 'lookup',
    label: space
      ? `accuracy from a lookup table of ${table.size} labelled ${space.name} architectures`
      : `weight-sharing accuracy from the dataset's lookup table (${table.size} labelled architectures)`,
    surrogate: false,
    evaluate(flats) {
      return Promise.resolve(
        flats.map((flat): Evaluation => {
          const accuracy = find(flat);
          return accuracy === undefined
            ? { flat, status: 'unscored', reason: 'not in the lookup table', source: 'lookup' }
            : { flat, status: 'scored', accuracy, source: 'lookup' };
        }),
      );
    },
  };
}
