import type { Dag, OperationVocabulary } from '@opnas/dag';
import { DvaeDecoder } from '@opnas/decoder';
import type { GraphStateRule } from '@opnas/decoder';
import { GatedMessage, readGraphVaeOptions, vaeLoss } from '@opnas/encoders';
import type { DecodeOptions, GraphEncoder, GraphVae, GraphVaeOptions, Posterior, VaeLoss, VaeLossOptions } from '@opnas/encoders';
import { OneHotEncoding, OperationEmbedding } from '@opnas/op-embed';
import type { EmbeddingInit, OperationEncoding } from '@opnas/op-embed';
import { PythonRandom } from '@opnas/rng';
import { SeededInitialiser, inReferenceOrder, initialiseParameters, tf } from '@opnas/runtime';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import { VaeError } from './errors.js';
import type { ModelDefinition } from './model-registry.js';
import { batchLogLikelihood, describeVocabulary, vocabularyFromDescription } from './model-vocabulary.js';
import { positiveSize } from './positive-size.js';

/** Options of a composed model: the shared sizes plus, for a learned encoding, the table's. */
export interface ComposedModelOptions extends GraphVaeOptions {
  /** Learned encoding only: embedding width `d`. Default 3. */
  readonly embeddingSize?: number;
  /**
   * Learned encoding only: how the table starts. Default `'normal'` (the paper, protocol §4.2);
   * `'released'` is the table hard-coded in the released code; or a `types × d` matrix.
   */
  readonly embeddingInit?: EmbeddingInit;
}

/** What an encoder factory receives: the model's sizes and the modules it shares with the decoder. */
export interface EncoderContext {
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  /** Shared with the decoder (a learned table is trained by both). */
  readonly encoding: OperationEncoding;
  /**
   * The decoder's forward gate and mapper (`gate_forward`, `mapper_forward`), owned by the model:
   * D-VAE's encoder shares them (protocol §3.1); encoders with gates of their own ignore them.
   */
  readonly gatedForward: GatedMessage;
}

/** A value of an encoder option, as recorded in a weight file. */
type EncoderOptionValue = number | boolean | string;

/**
 * A graph VAE as a composition: an encoder, an operation encoding (one-hot, or a learned table
 * shared with the decoder, the paper's idea) and D-VAE's decoder. The paper's dvae, dvae-emb,
 * gcn and gcn-emb and the gin model are each one of these.
 */
export interface ModelComposition<O extends ComposedModelOptions = ComposedModelOptions, E extends GraphEncoder = GraphEncoder> {
  /** Registry name. */
  readonly name: string;
  readonly paperName: string;
  readonly description: string;
  readonly encoding: 'one-hot' | 'learned';
  /**
   * Builds the encoder from the context and the options (the {@link ModelComposition.encoderOptions}
   * defaults filled in); it must read types through `context.encoding` and not own it.
   */
  readonly encoder: (context: EncoderContext, options: O) => E;
  /** The decoder's graph state for add_vertex: `'last'` (D-VAE) or `'sum'` (the GCN models). Default `'last'`. */
  readonly graphState?: GraphStateRule;
  /**
   * The encoder's own options and their defaults (e.g. `{ levels: 3 }`): createModel accepts
   * them, `describe()` records their values (so weight files name them) and loading reads them
   * back with the default's type.
   */
  readonly encoderOptions?: Readonly<Record<string, EncoderOptionValue>>;
  /**
   * Checks the options before anything is built, throwing a `VaeError` that says why an option
   * does not fit (e.g. `'gcn' is not bidirectional`).
   */
  readonly check?: (options: O) => void;
  /** Further option names createModel passes through for {@link ModelComposition.check} to refuse with its reason. */
  readonly checkedOptions?: readonly string[];
  /** One-hot models: the registry name of the same model with a learned encoding, which error messages point to. */
  readonly learnedVariant?: string;
  /**
   * The reference `state_dict` order as name prefixes (protocol §12), also the order parameters
   * are drawn in. Default: the encoding's, the encoder's, the decoder's gate and mapper, the decoder's.
   */
  readonly referenceOrder?: readonly string[];
  /** Names a reference checkpoint of this model holds but the model never uses (ignored on import). */
  readonly unusedReferenceParameters?: readonly string[];
  /** T of the T × N scheme when none is given. Default 1. */
  readonly defaultIterations?: number;
}

const COMMON = ['hiddenSize', 'latentSize', 'maxVertices', 'seed', 'beta', 'epsScale', 'vocabulary'];
const EMBEDDING = ['embeddingSize', 'embeddingInit'];

function failVae(message: string): never {
  throw new VaeError(`@opnas/vae: ${message}`);
}

/** A model built from a {@link ModelComposition}. */
export class ComposedGraphVae<O extends ComposedModelOptions = ComposedModelOptions, E extends GraphEncoder = GraphEncoder> implements GraphVae {
  readonly name: string;
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly beta: number;
  readonly epsScale: number;
  readonly vocabulary: OperationVocabulary;
  readonly encoding: OperationEncoding;
  /** The decoder's gate and mapper, which D-VAE's encoder shares. */
  readonly gatedForward: GatedMessage;
  readonly encoder: E;
  readonly decoder: DvaeDecoder;
  private readonly noise: PythonRandom;
  private readonly recorded: Record<string, string>;

  constructor(
    readonly composition: ModelComposition<O, E>,
    options: NoInfer<O> = {} as O,
  ) {
    this.name = composition.name;
    const settings = readGraphVaeOptions(options, { fail: failVae });
    this.hiddenSize = settings.hiddenSize;
    this.latentSize = settings.latentSize;
    this.maxVertices = settings.maxVertices;
    this.beta = settings.beta;
    this.epsScale = settings.epsScale;
    this.vocabulary = settings.vocabulary;
    composition.check?.(options);
    if (composition.encoding === 'one-hot' && (options.embeddingSize !== undefined || options.embeddingInit !== undefined)) {
      const variant = composition.learnedVariant;
      failVae(
        variant === undefined
          ? `'${this.name}' uses one-hot types; embeddingSize and embeddingInit belong to models with a learned encoding`
          : `embeddingSize and embeddingInit belong to '${variant}'; '${this.name}' uses one-hot types`,
      );
    }
    const resolved = { ...composition.encoderOptions } as Record<string, unknown>;
    for (const [key, value] of Object.entries(options)) if (value !== undefined) resolved[key] = value;
    this.recorded = {};
    for (const key of Object.keys(composition.encoderOptions ?? {})) this.recorded[key] = String(resolved[key]);
    const typeCount = this.vocabulary.names.length;
    const initialiser = new SeededInitialiser(settings.seed);
    this.encoding =
      composition.encoding === 'one-hot'
        ? new OneHotEncoding({ typeCount })
        : new OperationEmbedding({ typeCount, size: positiveSize('embeddingSize', options.embeddingSize ?? 3), init: options.embeddingInit ?? 'normal', initialiser });
    this.gatedForward = new GatedMessage(this.hiddenSize, this.maxVertices);
    const context = { hiddenSize: this.hiddenSize, latentSize: this.latentSize, maxVertices: this.maxVertices, encoding: this.encoding, gatedForward: this.gatedForward };
    this.encoder = composition.encoder(context, resolved as O);
    this.decoder = new DvaeDecoder({
      encoding: this.encoding,
      vocabulary: this.vocabulary,
      gatedForward: this.gatedForward,
      latentSize: this.latentSize,
      graphState: composition.graphState ?? 'last',
    });
    initialiseParameters(this.referenceParameters(), initialiser);
    this.noise = new PythonRandom(settings.seed);
  }

  encode(graphs: readonly Dag[]): Posterior {
    return this.encoder.encode(graphs);
  }

  loss(graphs: readonly Dag[], options: VaeLossOptions = {}): VaeLoss {
    const settings = { beta: this.beta, epsScale: this.epsScale, noise: this.noise };
    return vaeLoss(
      () => this.encoder.encode(graphs),
      (z) => tf.neg(batchLogLikelihood(this.decoder, z, graphs)) as Scalar,
      settings,
      options,
    );
  }

  decode(z: Tensor2D, options: DecodeOptions = {}): Dag[] {
    return this.decoder.decode(z, options);
  }

  decodeAsync(z: Tensor2D, options: DecodeOptions = {}): Promise<Dag[]> {
    return this.decoder.decodeAsync(z, options);
  }

  // The order of the flat parameter vector in training checkpoints: keep it.
  variables(): Variable[] {
    return [...this.encoding.variables(), ...this.gatedForward.variables(), ...this.encoder.variables(), ...this.decoder.variables()];
  }

  referenceParameters(): ReferenceParameter[] {
    const all = [
      ...this.encoding.referenceParameters(),
      ...this.encoder.referenceParameters(),
      ...this.gatedForward.referenceParameters('gate_forward', 'mapper_forward'),
      ...this.decoder.referenceParameters(),
    ];
    // A stable sort keeps each module's own order (weight before bias, GRU's ih/hh order).
    const order = this.composition.referenceOrder;
    return order === undefined ? all : inReferenceOrder(all, order);
  }

  unusedReferenceParameters(): readonly string[] {
    return this.composition.unusedReferenceParameters ?? [];
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
    this.encoder.dispose();
    this.gatedForward.dispose();
    this.encoding.dispose();
  }
}

/** A recorded encoder option read back with its default's type. */
function readRecorded(text: string, example: EncoderOptionValue): EncoderOptionValue {
  if (typeof example === 'number') return Number(text);
  if (typeof example === 'boolean') return text === 'true';
  return text;
}

/**
 * The registry definition of a composed model, for {@link registerModel}: building, the option
 * names createModel accepts, rebuilding from a weight file's metadata, and the T × N default.
 */
export function composedModel<O extends ComposedModelOptions, E extends GraphEncoder>(composition: ModelComposition<O, E>): ModelDefinition<O> {
  const encoderOptions = composition.encoderOptions ?? {};
  // A one-hot model with a learned sibling takes the embedding options to say where they belong.
  const embedding = composition.encoding === 'learned' || composition.learnedVariant !== undefined ? EMBEDDING : [];
  return {
    name: composition.name,
    paperName: composition.paperName,
    description: composition.description,
    create: (options) => new ComposedGraphVae(composition, options),
    optionsFromDescription: (d) => {
      const out: Record<string, unknown> = {};
      for (const key of ['hiddenSize', 'latentSize', 'maxVertices', ...(composition.encoding === 'learned' ? ['embeddingSize'] : [])]) {
        if (d[key] !== undefined) out[key] = Number(d[key]);
      }
      for (const [key, example] of Object.entries(encoderOptions)) if (d[key] !== undefined) out[key] = readRecorded(d[key], example);
      return { ...out, ...vocabularyFromDescription(d) } as O;
    },
    options: [...COMMON, ...Object.keys(encoderOptions), ...(composition.checkedOptions ?? []), ...embedding],
    ...(composition.defaultIterations === undefined ? {} : { defaultIterations: composition.defaultIterations }),
  };
}
