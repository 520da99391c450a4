import type { Dag, OperationVocabulary } from '@opnas/dag';
import { DvaeDecoder } from '@opnas/decoder';
import type { DecodeOptions, GraphStateRule } from '@opnas/decoder';
import { GatedMessage } from '@opnas/encoders';
import type { GraphEncoder, Posterior } from '@opnas/encoders';
import { OneHotEncoding, OperationEmbedding } from '@opnas/op-embed';
import type { EmbeddingInit, OperationEncoding } from '@opnas/op-embed';
import { PythonRandom } from '@opnas/rng';
import { SeededInitialiser, initialiseParameters, tf } from '@opnas/runtime';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { VaeError } from './errors.js';
import type { GraphVae, GraphVaeOptions, VaeLoss, VaeLossOptions } from './graph-vae.js';
import { klDivergence } from './kl-divergence.js';
import type { ModelDefinition } from './model-registry.js';
import { batchLogLikelihood, describeVocabulary, modelVocabulary, vocabularyFromDescription } from './model-vocabulary.js';
import { positiveSize } from './reference-order.js';
import { reparameterise } from './reparameterise.js';

/** Options of a composed model: the shared sizes plus, for a learned encoding, the table's. */
export interface ComposedModelOptions extends GraphVaeOptions {
  /** Learned encoding only: embedding width `d`. Default 3. */
  readonly embeddingSize?: number;
  /** Learned encoding only: how the table starts. Default `'normal'`. */
  readonly embeddingInit?: EmbeddingInit;
}

/** What an encoder factory receives: the model's sizes and the operation encoding to read types with. */
export interface EncoderContext {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  /** Shared with the decoder (a learned table is trained by both). */
  readonly encoding: OperationEncoding;
}

/**
 * A graph VAE as a composition: an encoder, an operation encoding (one-hot, or a learned table
 * shared with the decoder, the paper's idea) and D-VAE's decoder.
 */
export interface ModelComposition<O extends ComposedModelOptions = ComposedModelOptions> {
  /** Registry name. */
  readonly name: string;
  readonly paperName: string;
  readonly description: string;
  readonly encoding: 'one-hot' | 'learned';
  /** Builds the encoder; it must read types through `context.encoding` and not own it. */
  readonly encoder: (context: EncoderContext, options: O) => GraphEncoder;
  /** The decoder's graph state for add_vertex: `'last'` (D-VAE) or `'sum'` (the GCN models). Default `'last'`. */
  readonly graphState?: GraphStateRule;
  /** The encoder's own numeric options (recorded in weight files), e.g. `levels`. */
  readonly encoderOptions?: readonly string[];
  /** T of the T × N scheme when none is given. Default 1. */
  readonly defaultIterations?: number;
}

const COMMON = ['hiddenSize', 'latentSize', 'maxVertices', 'seed', 'beta', 'epsScale', 'vocabulary'];

/** A model built from a {@link ModelComposition}. */
export class ComposedGraphVae<O extends ComposedModelOptions = ComposedModelOptions> implements GraphVae {
  readonly name: string;
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly beta: number;
  readonly epsScale: number;
  readonly vocabulary: OperationVocabulary;
  readonly encoding: OperationEncoding;
  readonly encoder: GraphEncoder;
  /** The decoder's gate and mapper (D-VAE's decoder reads them). */
  readonly gatedForward: GatedMessage;
  readonly decoder: DvaeDecoder;
  private readonly noise: PythonRandom;
  private readonly recorded: Record<string, string>;

  constructor(
    readonly composition: ModelComposition<O>,
    options: O = {} as O,
  ) {
    this.name = composition.name;
    this.hiddenSize = positiveSize('hiddenSize', options.hiddenSize ?? 501);
    this.latentSize = positiveSize('latentSize', options.latentSize ?? 56);
    this.maxVertices = positiveSize('maxVertices', options.maxVertices ?? 8);
    this.beta = options.beta ?? 0.005;
    this.epsScale = options.epsScale ?? 0.01;
    const seed = options.seed ?? 1;
    if (!Number.isSafeInteger(seed)) throw new VaeError(`@opnas/vae: seed must be a safe integer, got ${seed}`);
    if (!(this.beta >= 0)) throw new VaeError(`@opnas/vae: beta must be ≥ 0, got ${this.beta}`);
    if (!(this.epsScale >= 0)) throw new VaeError(`@opnas/vae: epsScale must be ≥ 0, got ${this.epsScale}`);
    if (composition.encoding === 'one-hot' && (options.embeddingSize !== undefined || options.embeddingInit !== undefined)) {
      throw new VaeError(`@opnas/vae: '${this.name}' uses one-hot types; embeddingSize and embeddingInit belong to models with a learned encoding`);
    }
    this.vocabulary = modelVocabulary(options.vocabulary);
    const typeCount = this.vocabulary.names.length;
    const initialiser = new SeededInitialiser(seed);
    this.encoding =
      composition.encoding === 'one-hot'
        ? new OneHotEncoding({ typeCount })
        : new OperationEmbedding({ typeCount, size: positiveSize('embeddingSize', options.embeddingSize ?? 3), init: options.embeddingInit ?? 'normal', initialiser });
    this.encoder = composition.encoder({ hiddenSize: this.hiddenSize, latentSize: this.latentSize, maxVertices: this.maxVertices, encoding: this.encoding }, options);
    this.gatedForward = new GatedMessage(this.hiddenSize, this.maxVertices);
    this.decoder = new DvaeDecoder({
      encoding: this.encoding,
      vocabulary: this.vocabulary,
      gatedForward: this.gatedForward,
      latentSize: this.latentSize,
      graphState: composition.graphState ?? 'last',
    });
    initialiseParameters(this.referenceParameters(), initialiser);
    this.noise = new PythonRandom(seed);
    this.recorded = {};
    for (const key of composition.encoderOptions ?? []) {
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined) this.recorded[key] = String(value);
    }
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

  variables(): Variable[] {
    return [...this.encoding.variables(), ...this.encoder.variables(), ...this.gatedForward.variables(), ...this.decoder.variables()];
  }

  referenceParameters(): ReferenceParameter[] {
    return [
      ...this.encoding.referenceParameters(),
      ...this.encoder.referenceParameters(),
      ...this.gatedForward.referenceParameters('gate_forward', 'mapper_forward'),
      ...this.decoder.referenceParameters(),
    ];
  }

  describe(): Record<string, string> {
    return {
      model: this.name,
      hiddenSize: String(this.hiddenSize),
      latentSize: String(this.latentSize),
      maxVertices: String(this.maxVertices),
      ...this.recorded,
      ...(this.composition.encoding === 'learned' ? { embeddingSize: String(this.encoding.size) } : {}),
      ...describeVocabulary(this.vocabulary),
    };
  }

  dispose(): void {
    this.decoder.dispose();
    this.gatedForward.dispose();
    this.encoder.dispose();
    this.encoding.dispose();
  }
}

/**
 * The registry definition of a composed model, for {@link registerModel}: building, the option
 * names createModel accepts, rebuilding from a weight file's metadata, and the T × N default.
 */
export function composedModel<O extends ComposedModelOptions>(composition: ModelComposition<O>): ModelDefinition<O> {
  const numbers = ['hiddenSize', 'latentSize', 'maxVertices', ...(composition.encoderOptions ?? []), ...(composition.encoding === 'learned' ? ['embeddingSize'] : [])];
  return {
    name: composition.name,
    paperName: composition.paperName,
    description: composition.description,
    create: (options) => new ComposedGraphVae(composition, options),
    optionsFromDescription: (d) => {
      const out: Record<string, unknown> = {};
      for (const key of numbers) if (d[key] !== undefined) out[key] = Number(d[key]);
      return { ...out, ...vocabularyFromDescription(d) } as O;
    },
    options: [...COMMON, ...(composition.encoding === 'learned' ? ['embeddingSize', 'embeddingInit'] : []), ...(composition.encoderOptions ?? [])],
    ...(composition.defaultIterations === undefined ? {} : { defaultIterations: composition.defaultIterations }),
  };
}
