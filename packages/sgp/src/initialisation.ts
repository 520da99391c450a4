import { positiveInteger } from '@opnas/errors';
import type { PythonRandom } from '@opnas/rng';
import { SgpArgumentError, invalidArgument } from './errors.js';
import { SgpParameters } from './sgp-parameters.js';

/** Options of `initialiseSgp`; defaults are protocol §6.6. */
export interface SgpInitialisationOptions {
  /** M, the number of inducing inputs. Default 500. */
  readonly inducingPoints?: number;
  /** Size of the random subset the inducing inputs and the lengthscale come from. Default 1000. */
  readonly subsetSize?: number;
}

/**
 * The reference initialisation (protocol §6.6), drawing from `rng` in this order:
 * 1. a random permutation of the N training rows (`rng.shuffle`); the subset is its first
 *    min(N, subsetSize) rows;
 * 2. Z = M rows drawn without replacement from the subset (a shuffle of the subset, first M)
 *    — a random subset, not k-means; m̂ = their targets;
 * 3. lls_d = log(0.5·(med + 1e-3)) for every d, med the median squared Euclidean distance over
 *    the subset's pairs i < j (mean of the two middle values for an even count, as numpy);
 * 4. lsf = 0, lvar_noise = 0 (noise variance 1), and L_ij ~ N(0, 1) by `rng.gauss`, row-major.
 *
 * The reference draws from numpy's generator; ours is CPython's MT19937 (`@opnas/rng`), so a
 * seed gives a reproducible fit, not the reference's exact draws.
 *
 * @param x training inputs, N × D row-major.
 * @param y training targets, length N.
 */
export function initialiseSgp(x: Float64Array, y: Float64Array, dim: number, rng: PythonRandom, options: SgpInitialisationOptions = {}): SgpParameters {
  const { inducingPoints = 500, subsetSize = 1000 } = options;
  const n = y.length;
  const subsetCount = Math.min(n, subsetSize);
  positiveInteger(inducingPoints, 'inducingPoints', invalidArgument);
  if (inducingPoints > n) {
    throw new SgpArgumentError(`@opnas/sgp: inducingPoints (${inducingPoints}) exceeds the number of training points (${n})`, 'inducingPoints');
  }
  if (inducingPoints > subsetCount) {
    throw new SgpArgumentError(`@opnas/sgp: inducingPoints (${inducingPoints}) exceeds the initialisation subset (${subsetCount}); raise subsetSize`, 'inducingPoints');
  }
  const perm = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(perm);
  const subset = perm.slice(0, subsetCount);
  const chosen = subset.slice();
  rng.shuffle(chosen);

  const p = new SgpParameters(inducingPoints, dim);
  const z = p.z;
  const mHat = p.mHat;
  for (let j = 0; j < inducingPoints; j++) {
    const row = chosen[j]!;
    z.set(x.subarray(row * dim, row * dim + dim), j * dim);
    mHat[j] = y[row]!;
  }

  const distances = new Float64Array((subsetCount * (subsetCount - 1)) / 2);
  let t = 0;
  for (let i = 0; i < subsetCount; i++) {
    const a = subset[i]! * dim;
    for (let j = i + 1; j < subsetCount; j++) {
      const b = subset[j]! * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) {
        const d = x[a + c]! - x[b + c]!;
        s += d * d;
      }
      distances[t++] = s;
    }
  }
  const median = medianOf(distances);
  p.logLengthscales.fill(Math.log(0.5 * (median + 1e-3)));
  p.logSignalVariance = 0;
  p.logNoiseVariance = 0;
  const l = p.l;
  for (let i = 0; i < l.length; i++) l[i] = rng.gauss(0, 1);
  return p;
}

/** numpy's median: the middle value, or the mean of the two middle values. 0 for no values. */
function medianOf(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const h = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[h]! : 0.5 * (sorted[h - 1]! + sorted[h]!);
}
