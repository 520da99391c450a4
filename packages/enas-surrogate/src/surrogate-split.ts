import { PythonRandom } from '@opnas/rng';

/** Seed of the surrogate benchmark's split (not the VAE split's 0, protocol §1.6). */
export const SURROGATE_SPLIT_SEED = 15;

/** Fraction of the labelled architectures the candidates are fitted on. */
export const SURROGATE_TRAIN_FRACTION = 0.9;

/** The two parts of {@link surrogateSplit}. */
export interface SurrogateSplit<T> {
  readonly train: T[];
  readonly heldOut: T[];
}

/**
 * The fixed split the surrogate candidates are measured on: the distinct labelled architectures
 * in order of first appearance in the data file (burn-in included: 20,015 for ENAS-6), shuffled
 * with CPython's `random.Random(15).shuffle`; the first ⌊0.9 n⌋ = 18,013 are for fitting, the
 * other 2,002 are held out. It differs from the VAE split on purpose (seed 0, post-burn-in lines
 * only), so the benchmark's held-out set is not the VAEs' test set.
 */
export function surrogateSplit<T>(labelled: readonly T[]): SurrogateSplit<T> {
  const order = labelled.map((_, i) => i);
  new PythonRandom(SURROGATE_SPLIT_SEED).shuffle(order);
  const cut = Math.floor(SURROGATE_TRAIN_FRACTION * labelled.length);
  return { train: order.slice(0, cut).map((i) => labelled[i]!), heldOut: order.slice(cut).map((i) => labelled[i]!) };
}
