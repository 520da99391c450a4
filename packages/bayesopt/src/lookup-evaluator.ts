import type { Evaluation, Evaluator } from './evaluator.js';

/** Anything that maps a flat string to a known accuracy (`AccuracyLookup` of `@opnas/enas-data`). */
export interface AccuracyTable {
  get(flat: string): number | undefined;
  readonly size: number;
}

/**
 * The exact option of protocol §7.5: the weight-sharing accuracies of the 20,015 labelled
 * architectures of the dataset (burn-in included). Anything else is 'unscored' — BO then gives it
 * the worst current score, as the reference does for undecodable points.
 */
export function lookupEvaluator(table: AccuracyTable): Evaluator {
  return {
    kind: 'lookup',
    label: `weight-sharing accuracy from the dataset's lookup table (${table.size} labelled architectures)`,
    surrogate: false,
    evaluate(flats) {
      return Promise.resolve(
        flats.map((flat): Evaluation => {
          const accuracy = table.get(flat);
          return accuracy === undefined
            ? { flat, status: 'unscored', reason: 'not in the lookup table', source: 'lookup' }
            : { flat, status: 'scored', accuracy, source: 'lookup' };
        }),
      );
    },
  };
}
