import { ENAS6, type SearchSpace } from '@opnas/dag';
import { BayesOptArgumentError } from './errors.js';

/** Length of {@link architectureFeatures} for ENAS6: 6 layers × 6 one-hot ops + 15 skip bits. */
export const ARCHITECTURE_FEATURE_COUNT = ENAS6.featureLength;

/**
 * A fixed encoding of an architecture for the surrogate evaluator (no VAE needed, so it scores
 * any decoded architecture): the space's own features. For the default ENAS6, the one-hot
 * operation of each of the 6 layers (36 numbers) and the 15 skip bits.
 */
export function architectureFeatures(notation: string, space: SearchSpace = ENAS6): Float64Array {
  let dag;
  try {
    dag = space.parse(notation);
  } catch (error) {
    throw new BayesOptArgumentError(
      `@opnas/bayesopt: "${notation}" is not ${space === ENAS6 ? 'an ENAS flat string' : `a ${space.name} architecture`}: ${(error as Error).message}`,
      'flat',
    );
  }
  try {
    return space.features(dag);
  } catch (error) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: "${notation}": ${(error as Error).message}`, 'flat');
  }
}
