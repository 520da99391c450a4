import { GcnEncoder } from '@opnas/encoders';
import type { GcnUpdate } from '@opnas/encoders';
import type { ComposedModelOptions, ModelComposition } from './composed-model.js';
import { VaeError } from './errors.js';
import { positiveSize } from './positive-size.js';

/** Options of the `gcn` and `gcn-emb` models. */
export interface GcnModelOptions extends ComposedModelOptions {
  /** GCN levels (`levels`). Default 3. */
  readonly levels?: number;
  /**
   * `'in-place'` (default): the reference's Gauss–Seidel update within a level;
   * `'simultaneous'`: the GCN the paper describes (protocol §10.1 item 6).
   */
  readonly update?: GcnUpdate;
}

/**
 * The reference `state_dict` order of DVAE_GCN (DVAE's modules, then `gconv`), also the order
 * parameters are drawn in. The embedding is listed first, as in DVAE_EMB.
 */
const REFERENCE_ORDER = [
  'embeddings.',
  'fc1.',
  'fc2.',
  'grud.',
  'fc3.',
  'add_vertex.0.',
  'add_vertex.2.',
  'add_edge.0.',
  'add_edge.2.',
  'gate_forward.',
  'mapper_forward.',
  'gconv.',
];

const gru = (prefix: string) => ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((p) => `${prefix}.${p}`);

/**
 * What a reference DVAE_GCN checkpoint holds that the model does not allocate: DVAE's encoder
 * GRUs (`grue_forward`, `grue_backward`) and backward gate/mapper, never used by the GCN models
 * (protocol §3.3, §10.2 item 6).
 */
const UNUSED = [...gru('grue_forward'), ...gru('grue_backward'), 'gate_backward.0.weight', 'gate_backward.0.bias', 'mapper_backward.0.weight'];

function check(name: string, options: GcnModelOptions): void {
  positiveSize('levels', options.levels ?? 3);
  const update = options.update ?? 'in-place';
  if (update !== 'in-place' && update !== 'simultaneous') throw new VaeError(`@opnas/vae: update must be 'in-place' or 'simultaneous', got '${String(update)}'`);
  if ((options as { bidirectional?: unknown }).bidirectional === true) {
    throw new VaeError(`@opnas/vae: '${name}' is not bidirectional (the reference's undirected GCN variant was never trained)`);
  }
}

/**
 * DVAE_GCN (`gcn`, protocol §3.3) and DVAE_GCN_EMB (`gcn-emb`, protocol §3.4): the GCN encoder
 * (3 degree-normalised levels, sum pooling over vertices 1..n−2) with D-VAE's decoder, whose
 * `add_vertex` sees the **sum** of the states of all vertices built so far (the reference's
 * overridden graph-state function; protocol §3.3 "Decoder difference"). `gcn-emb` shares one
 * learnable `8 × d` table between the encoder's level 0 and the decoder's GRU input. Not
 * bidirectional (the GCN runs were not).
 */
function gcnComposition(name: 'gcn' | 'gcn-emb'): ModelComposition<GcnModelOptions, GcnEncoder> {
  const learned = name === 'gcn-emb';
  return {
    name,
    paperName: learned ? 'GCN-EMB' : 'GCN',
    description: learned
      ? 'GCN with a learnable 8 × 3 operation embedding shared by encoder and decoder (protocol §3.4)'
      : 'D-VAE decoder with a 3-level GCN encoder over one-hot types; add_vertex sees the sum of the vertex states (protocol §3.3)',
    encoding: learned ? 'learned' : 'one-hot',
    graphState: 'sum',
    encoder: ({ hiddenSize, latentSize, maxVertices, encoding }, options) =>
      new GcnEncoder({
        hiddenSize,
        latentSize,
        maxVertices,
        encoding,
        ...(options.levels === undefined ? {} : { levels: options.levels }),
        ...(options.update === undefined ? {} : { update: options.update }),
      }),
    encoderOptions: { levels: 3, update: 'in-place' },
    check: (options) => check(name, options),
    // listed so that the model itself can say why it is refused
    checkedOptions: ['bidirectional'],
    referenceOrder: REFERENCE_ORDER,
    unusedReferenceParameters: UNUSED,
    ...(learned ? {} : { learnedVariant: 'gcn-emb' }),
  };
}

/** `gcn`: the GCN encoder over one-hot types with D-VAE's decoder. */
export const GCN = gcnComposition('gcn');

/** `gcn-emb`: GCN with the learned operation embedding. */
export const GCN_EMB = gcnComposition('gcn-emb');
