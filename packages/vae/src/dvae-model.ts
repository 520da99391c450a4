import type { Dag, OperationVocabulary } from '@opnas/dag';
import { DvaeDecoder } from '@opnas/decoder';
import type { DecodeOptions, GraphStateRule } from '@opnas/decoder';
import { DvaeEncoder, GatedMessage } from '@opnas/encoders';
import type { Posterior } from '@opnas/encoders';
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

/** Options of the `dvae` and `dvae-emb` models. */
export interface DvaeModelOptions extends GraphVaeOptions {
  /** Run the encoder's backward pass (`--bidirectional`, used for both papers' runs). Default `true`. */
  readonly bidirectional?: boolean;
  /** dvae-emb only: embedding width `d`. Default 3. */
  readonly embeddingSize?: number;
  /**
   * dvae-emb only: how the table starts. Default `'normal'` (the paper, protocol §4.2);
   * `'released'` is the table hard-coded in the released code; or a `8 × d` matrix.
   */
  readonly embeddingInit?: EmbeddingInit;
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
 * D-VAE (`dvae`, protocol §3.1) and DVAE-EMB (`dvae-emb`, protocol §3.2): one operation encoding
 * (one-hot, or a learnable `8 × d` embedding shared by both encoder passes and the decoder),
 * the asynchronous message-passing encoder, and the decoder, which shares the encoder's forward
 * gate and mapper.
 *
 * Parameters start as PyTorch's defaults drawn from `seed` in the reference's order; `hv_unify`
 * (allocated but never used by the reference) is not allocated.
 */
export class DvaeModel implements GraphVae {
  readonly name: string;
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly bidirectional: boolean;
  readonly beta: number;
  readonly epsScale: number;
  readonly encoding: OperationEncoding;
  readonly vocabulary: OperationVocabulary;
  readonly gatedForward: GatedMessage;
  readonly encoder: DvaeEncoder;
  readonly decoder: DvaeDecoder;
  private readonly noise: PythonRandom;

  constructor(name: 'dvae' | 'dvae-emb', options: DvaeModelOptions = {}, graphState: GraphStateRule = 'last') {
    if (name !== 'dvae' && name !== 'dvae-emb') throw new VaeError(`@opnas/vae: DvaeModel builds 'dvae' or 'dvae-emb', not '${String(name)}'`);
    this.name = name;
    this.hiddenSize = positiveSize('hiddenSize', options.hiddenSize ?? 501);
    this.latentSize = positiveSize('latentSize', options.latentSize ?? 56);
    this.maxVertices = positiveSize('maxVertices', options.maxVertices ?? 8);
    this.bidirectional = options.bidirectional ?? true;
    this.beta = options.beta ?? 0.005;
    this.epsScale = options.epsScale ?? 0.01;
    const seed = options.seed ?? 1;
    if (!Number.isSafeInteger(seed)) throw new VaeError(`@opnas/vae: seed must be a safe integer, got ${seed}`);
    if (!(this.beta >= 0)) throw new VaeError(`@opnas/vae: beta must be ≥ 0, got ${this.beta}`);
    if (!(this.epsScale >= 0)) throw new VaeError(`@opnas/vae: epsScale must be ≥ 0, got ${this.epsScale}`);
    if (name === 'dvae' && (options.embeddingSize !== undefined || options.embeddingInit !== undefined)) {
      throw new VaeError(`@opnas/vae: embeddingSize and embeddingInit belong to 'dvae-emb'; 'dvae' uses one-hot types`);
    }
    this.vocabulary = modelVocabulary(options.vocabulary);
    const typeCount = this.vocabulary.names.length;
    const initialiser = new SeededInitialiser(seed);
    // The embedding is listed (and so drawn) first, as in the reference state_dict.
    this.encoding =
      name === 'dvae'
        ? new OneHotEncoding({ typeCount })
        : new OperationEmbedding({ typeCount, size: positiveSize('embeddingSize', options.embeddingSize ?? 3), init: options.embeddingInit ?? 'normal', initialiser });
    this.gatedForward = new GatedMessage(this.hiddenSize, this.maxVertices);
    this.encoder = new DvaeEncoder({
      hiddenSize: this.hiddenSize,
      latentSize: this.latentSize,
      maxVertices: this.maxVertices,
      bidirectional: this.bidirectional,
      encoding: this.encoding,
      gatedForward: this.gatedForward,
    });
    this.decoder = new DvaeDecoder({ encoding: this.encoding, vocabulary: this.vocabulary, gatedForward: this.gatedForward, latentSize: this.latentSize, graphState });
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
      const loss = tf.add(recon, tf.mul(kld, this.beta)) as Scalar;
      return { loss, recon, kld };
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
    // A stable sort keeps each module's own order (weight before bias, GRU's ih/hh order).
    return inReferenceOrder(all, REFERENCE_ORDER);
  }

  describe(): Record<string, string> {
    return {
      model: this.name,
      hiddenSize: String(this.hiddenSize),
      latentSize: String(this.latentSize),
      maxVertices: String(this.maxVertices),
      bidirectional: String(this.bidirectional),
      ...(this.name === 'dvae-emb' ? { embeddingSize: String(this.encoding.size) } : {}),
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
