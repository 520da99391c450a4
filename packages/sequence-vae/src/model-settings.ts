import { readGraphVaeOptions } from '@opnas/encoders';
import type { GraphVaeOptions, GraphVaeSettings } from '@opnas/encoders';
import { SequenceVaeError } from './errors.js';

/**
 * Sizes and settings of a sequence model: the shared graph-VAE options (`@opnas/encoders`)
 * without `vocabulary`, as the sequence models read ENAS-6's 8 types only.
 */
export type SequenceModelOptions = Omit<GraphVaeOptions, 'vocabulary'>;

/**
 * The shared reading of the options, with the sequence models' own limit: at least START and END
 * and at most 32 vertices (in-neighbour sets are 32-bit masks). @throws {SequenceVaeError} naming the option.
 */
export function readModelSettings(options: SequenceModelOptions): GraphVaeSettings {
  return readGraphVaeOptions(options, {
    fail: (message) => {
      throw new SequenceVaeError(`@opnas/sequence-vae: ${message}`);
    },
    maxVertices: { minimum: 2, maximum: 32 },
  });
}
