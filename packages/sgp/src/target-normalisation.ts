import { SgpArgumentError } from './errors.js';

/**
 * The GP's target scale (SPEC §1.7): y = −accuracy (BO minimises), standardised with the
 * **training** mean and **population** standard deviation (numpy's default ddof = 0); test
 * targets reuse the training statistics.
 */
export interface TargetNormalisation {
  /** Mean of −accuracy over the training set. */
  readonly mean: number;
  /** Population sd of −accuracy over the training set. */
  readonly sd: number;
}

/** Fit the normalisation on training accuracies. Throws if they are empty, non-finite or constant. */
export function fitTargetNormalisation(trainAccuracy: ArrayLike<number>): TargetNormalisation {
  const n = trainAccuracy.length;
  if (n === 0) throw new SgpArgumentError('@opnas/sgp: trainAccuracy is empty', 'trainAccuracy');
  let mean = 0;
  for (let i = 0; i < n; i++) {
    const v = trainAccuracy[i]!;
    if (!Number.isFinite(v)) {
      throw new SgpArgumentError(`@opnas/sgp: trainAccuracy has a non-finite value (${v}) at index ${i}`, 'trainAccuracy');
    }
    mean -= v;
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (-trainAccuracy[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  if (!(sd > 0)) {
    throw new SgpArgumentError('@opnas/sgp: trainAccuracy has zero variance; the targets cannot be standardised', 'trainAccuracy');
  }
  return { mean, sd };
}

/** y' = (−accuracy − mean) / sd. */
export function normaliseAccuracy(accuracy: ArrayLike<number>, normalisation: TargetNormalisation): Float64Array {
  const out = new Float64Array(accuracy.length);
  for (let i = 0; i < out.length; i++) out[i] = (-accuracy[i]! - normalisation.mean) / normalisation.sd;
  return out;
}

/** accuracy = −(y'·sd + mean), the inverse of `normaliseAccuracy`. */
export function denormaliseToAccuracy(y: ArrayLike<number>, normalisation: TargetNormalisation): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < out.length; i++) out[i] = -(y[i]! * normalisation.sd + normalisation.mean);
  return out;
}
