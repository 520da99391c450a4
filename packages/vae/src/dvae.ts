import { DvaeEncoder } from '@opnas/encoders';
import type { ComposedModelOptions, ModelComposition } from './composed-model.js';

/** Options of the `dvae` and `dvae-emb` models. */
export interface DvaeModelOptions extends ComposedModelOptions {
  /** Run the encoder's backward pass (`--bidirectional`, used for both papers' runs). Default `true`. */
  readonly bidirectional?: boolean;
}

/** The reference `state_dict` order (protocol §12), which is also the order parameters are drawn in. */
const REFERENCE_ORDER = [
  'embeddings.',
  'grue_forward.',
  'grue_backward.',
  'fc1.',
  'fc2.',
  'grud.',
  'fc3.',
  'add_vertex.0.',
  'add_vertex.2.',
  'add_edge.0.',
  'add_edge.2.',
  'gate_forward.',
  'gate_backward.',
  'mapper_forward.',
  'mapper_backward.',
  'hg_unify.',
];

/**
 * D-VAE (`dvae`, protocol §3.1) and DVAE-EMB (`dvae-emb`, protocol §3.2): the asynchronous
 * message-passing encoder, whose forward gate and mapper the decoder shares, over one operation
 * encoding (one-hot, or a learnable `8 × d` embedding shared by both encoder passes and the
 * decoder). `hv_unify` (allocated but never used by the reference) is not allocated.
 */
function dvaeComposition(name: 'dvae' | 'dvae-emb'): ModelComposition<DvaeModelOptions, DvaeEncoder> {
  const learned = name === 'dvae-emb';
  return {
    name,
    paperName: learned ? 'DVAE-EMB' : 'D-VAE',
    description: learned
      ? 'D-VAE with a learnable 8 × 3 operation embedding shared by encoder and decoder (protocol §3.2)'
      : 'D-VAE: asynchronous message passing over one-hot operation types (protocol §3.1)',
    encoding: learned ? 'learned' : 'one-hot',
    encoder: (context, options) => new DvaeEncoder({ ...context, ...(options.bidirectional === undefined ? {} : { bidirectional: options.bidirectional }) }),
    encoderOptions: { bidirectional: true },
    referenceOrder: REFERENCE_ORDER,
    ...(learned ? { defaultIterations: 4 } : { learnedVariant: 'dvae-emb' }),
  };
}

/** `dvae`: D-VAE over one-hot types. */
export const DVAE = dvaeComposition('dvae');

/** `dvae-emb`: D-VAE with the learned operation embedding; trained with T = 4 iterations of the T × N scheme (protocol §4.2). */
export const DVAE_EMB = dvaeComposition('dvae-emb');
