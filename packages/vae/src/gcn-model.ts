import type { Dag, OperationVocabulary } from '@opnas/dag';
import { DvaeDecoder } from '@opnas/decoder';
import type { DecodeOptions } from '@opnas/decoder';
import { GatedMessage, GcnEncoder } from '@opnas/encoders';
import type { GcnUpdate, Posterior } from '@opnas/encoders';
import { OneHotEncoding, OperationEmbedding } from '@opnas/op-embed';
import type { EmbeddingInit, OperationEncoding } from '@opnas/op-embed';
import { PythonRandom } from '@opnas/rng';
import { SeededInitialiser, initialiseParameters, tf } from '@opnas/runtime';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { VaeError } from './errors.js';
import { inReferenceOrder, positiveSize } from './reference-order.js';
import type { GraphVae, GraphVaeOptions, VaeLoss, VaeLossOptions } from './graph-vae.js';
import { klDivergence } from './kl-divergence.js';
import { reparameterise } from './reparameterise.js';
import { batchLogLikelihood, describeVocabulary, modelVocabulary } from './model-vocabulary.js';

/** Options of the `gcn` and `gcn-emb` models. */
export interface GcnModelOptions extends GraphVaeOptions {
  /** GCN levels (`levels`). Default 3. */
  readonly levels?: number;
  /**
   * `'in-place'` (default): the reference's Gauss–Seidel update within a level;
   * `'simultaneous'`: the GCN the paper describes (protocol §10.1 item 6).
   */
  readonly update?: GcnUpdate;
  /** gcn-emb only: embedding width `d`. Default 3. */
  readonly embeddingSize?: number;
  /**
   * gcn-emb only: how the table starts. Default `'normal'` (the paper: GCN-EMB starts from
   * N(0, 1), protocol §3.4); `'released'` is the table the released code hard-codes; or a matrix.
   */
  readonly embeddingInit?: EmbeddingInit;
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

/**
 * DVAE_GCN (`gcn`, protocol §3.3) and DVAE_GCN_EMB (`gcn-emb`, protocol §3.4): the GCN encoder
 * (`GcnEncoder`: 3 degree-normalised levels, sum pooling over vertices 1..n−2) with D-VAE's
 * decoder, whose `add_vertex` sees the **sum** of the states of all vertices built so far
 * (the reference's overridden graph-state function; protocol §3.3 "Decoder difference").
 * `gcn-emb` shares one learnable `8 × d` table between the encoder's level 0 and the decoder's
 * GRU input, like `dvae-emb`. Not bidirectional (the GCN runs were not).
 *
 * The reference DVAE_GCN inherits and allocates DVAE's encoder GRUs and backward gate/mapper,
 * which it never uses; they are not allocated here (and ignored on import):
 * {@link GcnModel.unusedReferenceParameters}.
 */
export class GcnModel implements GraphVae {
  readonly name: 'gcn' | 'gcn-emb';
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly beta: number;
  readonly epsScale: number;
  readonly levels: number;
  readonly update: GcnUpdate;
  readonly encoding: OperationEncoding;
  readonly vocabulary: OperationVocabulary;
  /** The decoder's gate/mapper (`gate_forward`, `mapper_forward`); the GCN encoder has none. */
  readonly gatedForward: GatedMessage;
  readonly encoder: GcnEncoder;
  readonly decoder: DvaeDecoder;
  private readonly noise: PythonRandom;

  constructor(name: 'gcn' | 'gcn-emb', options: GcnModelOptions = {}) {
    if (name !== 'gcn' && name !== 'gcn-emb') throw new VaeError(`@opnas/vae: GcnModel builds 'gcn' or 'gcn-emb', not '${String(name)}'`);
    this.name = name;
    this.hiddenSize = positiveSize('hiddenSize', options.hiddenSize ?? 501);
    this.latentSize = positiveSize('latentSize', options.latentSize ?? 56);
    this.maxVertices = positiveSize('maxVertices', options.maxVertices ?? 8);
    this.levels = positiveSize('levels', options.levels ?? 3);
    this.update = options.update ?? 'in-place';
    if (this.update !== 'in-place' && this.update !== 'simultaneous') {
      throw new VaeError(`@opnas/vae: update must be 'in-place' or 'simultaneous', got '${String(this.update)}'`);
    }
    this.beta = options.beta ?? 0.005;
    this.epsScale = options.epsScale ?? 0.01;
    const seed = options.seed ?? 1;
    if (!Number.isSafeInteger(seed)) throw new VaeError(`@opnas/vae: seed must be a safe integer, got ${seed}`);
    if (!(this.beta >= 0)) throw new VaeError(`@opnas/vae: beta must be ≥ 0, got ${this.beta}`);
    if (!(this.epsScale >= 0)) throw new VaeError(`@opnas/vae: epsScale must be ≥ 0, got ${this.epsScale}`);
    if ((options as { bidirectional?: unknown }).bidirectional === true) {
      throw new VaeError(`@opnas/vae: '${name}' is not bidirectional (the reference's undirected GCN variant was never trained)`);
    }
    if (name === 'gcn' && (options.embeddingSize !== undefined || options.embeddingInit !== undefined)) {
      throw new VaeError(`@opnas/vae: embeddingSize and embeddingInit belong to 'gcn-emb'; 'gcn' uses one-hot types`);
    }
    this.vocabulary = modelVocabulary(options.vocabulary);
    const typeCount = this.vocabulary.names.length;
    const initialiser = new SeededInitialiser(seed);
    this.encoding =
      name === 'gcn'
        ? new OneHotEncoding({ typeCount })
        : new OperationEmbedding({ typeCount, size: positiveSize('embeddingSize', options.embeddingSize ?? 3), init: options.embeddingInit ?? 'normal', initialiser });
    this.gatedForward = new GatedMessage(this.hiddenSize, this.maxVertices);
    this.encoder = new GcnEncoder({
      hiddenSize: this.hiddenSize,
      latentSize: this.latentSize,
      maxVertices: this.maxVertices,
      levels: this.levels,
      update: this.update,
      encoding: this.encoding,
    });
    this.decoder = new DvaeDecoder({ encoding: this.encoding, vocabulary: this.vocabulary, gatedForward: this.gatedForward, latentSize: this.latentSize, graphState: 'sum' });
    initialiseParameters(this.referenceParameters(), initialiser);
    this.noise = new PythonRandom(seed);
  }

  encode(graphs: readonly Dag[]): Posterior {
    return this.encoder.encode(graphs);
  }

  loss(graphs: readonly Dag[], options: VaeLossOptions = {}): VaeLoss {
    const training = options.training ?? true;
    const random = options.random ?? this.noise;
    return tf.tidy(() => {
      const { mu, logvar } = this.encoder.encode(graphs);
      const z = training ? reparameterise(mu, logvar, random, { epsScale: this.epsScale }) : mu;
      const recon = tf.neg(batchLogLikelihood(this.decoder, z, graphs)) as Scalar;
      const kld = klDivergence(mu, logvar);
      return { loss: tf.add(recon, tf.mul(kld, this.beta)) as Scalar, recon, kld };
    });
  }

  decode(z: Tensor2D, options: DecodeOptions = {}): Dag[] {
    return this.decoder.decode(z, options);
  }

  decodeAsync(z: Tensor2D, options: DecodeOptions = {}): Promise<Dag[]> {
    return this.decoder.decodeAsync(z, options);
  }

  variables(): Variable[] {
    return [...this.encoding.variables(), ...this.gatedForward.variables(), ...this.encoder.variables(), ...this.decoder.variables()];
  }

  referenceParameters(): ReferenceParameter[] {
    const all = [
      ...this.encoding.referenceParameters(),
      ...this.gatedForward.referenceParameters('gate_forward', 'mapper_forward'),
      ...this.encoder.referenceParameters(),
      ...this.decoder.referenceParameters(),
    ];
    return inReferenceOrder(all, REFERENCE_ORDER);
  }

  /**
   * What a reference DVAE_GCN checkpoint holds that this model does not allocate: DVAE's
   * encoder GRUs (`grue_forward`, `grue_backward`) and backward gate/mapper, never used by
   * the GCN models (protocol §3.3, §10.2 item 6).
   */
  unusedReferenceParameters(): string[] {
    const gru = (prefix: string) => ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((p) => `${prefix}.${p}`);
    return [...gru('grue_forward'), ...gru('grue_backward'), 'gate_backward.0.weight', 'gate_backward.0.bias', 'mapper_backward.0.weight'];
  }

  describe(): Record<string, string> {
    return {
      model: this.name,
      hiddenSize: String(this.hiddenSize),
      latentSize: String(this.latentSize),
      maxVertices: String(this.maxVertices),
      levels: String(this.levels),
      update: this.update,
      ...(this.name === 'gcn-emb' ? { embeddingSize: String(this.encoding.size) } : {}),
      ...describeVocabulary(this.vocabulary),
    };
  }

  dispose(): void {
    this.decoder.dispose();
    this.encoder.dispose();
    this.gatedForward.dispose();
    this.encoding.dispose();
  }
}
