import { PythonRandom } from '@opnas/rng';

/** Options of {@link splitIndices}. Defaults are the reference's (protocol §1.6). */
export interface SplitOptions {
  /** Seed of `random.Random(seed).shuffle`. Default 0. */
  readonly seed?: number;
  /** Train share; train gets `floor(count · trainFraction)` items. Default 0.9. */
  readonly trainFraction?: number;
}

/** The shuffled order and the train/test index lists. */
export interface SplitIndices {
  /** The whole shuffled order: `order[k]` is the dataset index at shuffled position k. */
  readonly order: readonly number[];
  /** Dataset indices of the training set, in shuffled order. */
  readonly train: readonly number[];
  /** Dataset indices of the test set, in shuffled order. */
  readonly test: readonly number[];
}

/**
 * The reference split (protocol §1.6): `random.Random(0).shuffle` of the post-burn-in list, then the
 * first `int(0.9 · n)` items train and the rest test. Bit-identical to CPython.
 */
export function splitIndices(count: number, options: SplitOptions = {}): SplitIndices {
  const fraction = options.trainFraction ?? 0.9;
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`@opnas/enas-data: split needs at least 2 items, got ${count}`);
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`@opnas/enas-data: trainFraction must be in (0, 1), got ${fraction}`);
  const order = Array.from({ length: count }, (_, i) => i);
  new PythonRandom(options.seed ?? 0).shuffle(order);
  // Python's int(len * 0.9) truncates the same IEEE product.
  const trainCount = Math.floor(count * fraction);
  return { order, train: order.slice(0, trainCount), test: order.slice(trainCount) };
}
