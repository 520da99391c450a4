import { enasFlatToLayers } from '@opnas/dag';
import { BayesOptArgumentError } from './errors.js';

/** Length of {@link architectureFeatures}: 6 layers × 6 one-hot ops + 15 skip bits. */
export const ARCHITECTURE_FEATURE_COUNT = 51;

/**
 * A fixed encoding of a 6-layer ENAS architecture for the surrogate evaluator (no VAE needed,
 * so it scores any decoded architecture): the one-hot operation of each layer (36 numbers) and
 * the 15 skip bits.
 */
export function architectureFeatures(flat: string): Float64Array {
  let layers: number[][];
  try {
    layers = enasFlatToLayers(flat);
  } catch (error) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: "${flat}" is not an ENAS flat string: ${(error as Error).message}`, 'flat');
  }
  if (layers.length !== 6) throw new BayesOptArgumentError(`@opnas/bayesopt: "${flat}" has ${layers.length} layers, expected 6`, 'flat');
  const out = new Float64Array(ARCHITECTURE_FEATURE_COUNT);
  let bit = 36;
  layers.forEach((layer, i) => {
    out[i * 6 + layer[0]!] = 1;
    for (let j = 1; j < layer.length; j++) out[bit++] = layer[j]!;
  });
  return out;
}
