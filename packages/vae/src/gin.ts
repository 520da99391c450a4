import { GinEncoder } from '@opnas/encoders';
import type { ComposedModelOptions, ModelComposition } from './composed-model.js';

/** Options of the `gin` model: a composed model with the GIN encoder. */
export interface GinModelOptions extends ComposedModelOptions {
  /** GIN levels. Default 3. */
  readonly levels?: number;
}

/** `gin`: a GIN encoder (not in the paper) with D-VAE's decoder over one-hot types. */
export const GIN: ModelComposition<GinModelOptions, GinEncoder> = {
  name: 'gin',
  paperName: 'GIN',
  description: "a GIN encoder (sum of neighbours through a 2-layer MLP, sum readout; not in the paper) with D-VAE's decoder (sum graph state) over one-hot types",
  encoding: 'one-hot',
  // the sum of the states built so far (as the GCN models): cells such as NB201's have vertices
  // whose own state says nothing of what came before
  graphState: 'sum',
  encoder: ({ hiddenSize, latentSize, maxVertices, encoding }, options) =>
    new GinEncoder({ hiddenSize, latentSize, maxVertices, encoding, ...(options.levels === undefined ? {} : { levels: options.levels }) }),
  encoderOptions: { levels: 3 },
};
