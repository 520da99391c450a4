import { GraphRnnModel, SvaeModel } from '@opnas/sequence-vae';
import type { GraphRnnModelOptions, SvaeModelOptions } from '@opnas/sequence-vae';
import { DvaeModel } from './dvae-model.js';
import type { DvaeModelOptions } from './dvae-model.js';
import { VaeError } from './errors.js';
import { GcnModel } from './gcn-model.js';
import type { GcnModelOptions } from './gcn-model.js';
import type { GraphVae, GraphVaeOptions } from './graph-vae.js';
import { vocabularyFromDescription } from './model-vocabulary.js';
import { composedModel } from './composed-model.js';
import type { ComposedModelOptions } from './composed-model.js';
import { GinEncoder } from '@opnas/encoders';

/** A registered model: how to build it, and what to say about it. */
export interface ModelDefinition<O extends GraphVaeOptions = GraphVaeOptions> {
  /** Registry name, e.g. `dvae-emb`; lower-case words joined by `-`. */
  readonly name: string;
  /** The paper's name, e.g. `DVAE-EMB`. */
  readonly paperName: string;
  /** One line for listings. */
  readonly description: string;
  readonly create: (options: O) => GraphVae;
  /**
   * The options that rebuild a model from its `describe()` (a weight file's metadata), for
   * `loadModel`. Optional: without it `loadModel` passes the sizes only.
   */
  readonly optionsFromDescription?: (description: Readonly<Record<string, string>>) => O;
  /**
   * Every option name `create` understands. When given, {@link createModel} rejects any other
   * name with an error naming it (a typo such as `hiddenSzie` would otherwise be silently
   * ignored). Optional for models registered by users.
   */
  readonly options?: readonly string[];
  /**
   * Iterations `T` of the T × N operation-embedding scheme (protocol §4.2) training uses when the
   * user gives none: 4 for `dvae-emb` (the paper), 1 (plain training) when absent.
   */
  readonly defaultIterations?: number;
}

/**
 * The options of each built-in model, by registry name. Models registered elsewhere can add
 * themselves with declaration merging (`declare module '@opnas/vae' { interface
 * ModelOptionsByName { gin: GinOptions } }`) to get the same compile-time checks.
 */
export interface ModelOptionsByName {
  dvae: DvaeModelOptions;
  'dvae-emb': DvaeModelOptions;
  gcn: GcnModelOptions;
  'gcn-emb': GcnModelOptions;
  svae: SvaeModelOptions;
  graphrnn: GraphRnnModelOptions;
  gin: GinModelOptions;
}

/** Options of the `gin` model: a composed model with the GIN encoder. */
export interface GinModelOptions extends ComposedModelOptions {
  /** GIN levels. Default 3. */
  readonly levels?: number;
}

/** A built-in (or declared) model name. */
export type ModelName = keyof ModelOptionsByName & string;

/**
 * The options type of a model name: the declared options for a known literal name; for a name
 * only known at run time (type `string`), any options, checked when the model is built.
 */
export type ModelOptionsOf<N extends string> = N extends ModelName ? ModelOptionsByName[N] : GraphVaeOptions & Record<string, unknown>;

const registry = new Map<string, ModelDefinition<never>>();

/**
 * Adds a model to the registry (the baselines register `gcn`, `svae`, …).
 *
 * @throws {VaeError} if the name is taken or malformed.
 */
export function registerModel<O extends GraphVaeOptions>(definition: ModelDefinition<O>): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(definition.name)) {
    throw new VaeError(`@opnas/vae: model name must be lower-case words joined by '-', got '${definition.name}'`);
  }
  if (registry.has(definition.name)) throw new VaeError(`@opnas/vae: a model named '${definition.name}' is already registered`);
  registry.set(definition.name, definition as unknown as ModelDefinition<never>);
}

/** Names of the registered models, in registration order. */
export function modelNames(): string[] {
  return [...registry.keys()];
}

/** The definition of a registered model. */
export function getModelDefinition(name: string): ModelDefinition {
  const definition = registry.get(name);
  if (definition === undefined) throw new VaeError(`@opnas/vae: unknown model '${name}'; registered: ${modelNames().join(', ')}`);
  return definition as unknown as ModelDefinition;
}

/**
 * Builds a registered model with the given options (paper defaults otherwise). A literal name
 * must be a registered one and its options those of that model, or the call does not compile;
 * a name held in a `string` is checked at run time.
 *
 * @throws {VaeError} for an unknown name, an option the model does not take (named in the
 *   message), or invalid option values.
 */
export function createModel<N extends string>(name: N & (string extends N ? unknown : ModelName), options: ModelOptionsOf<N> = {} as ModelOptionsOf<N>): GraphVae {
  const definition = getModelDefinition(name);
  if (definition.options !== undefined && options !== null && typeof options === 'object') {
    const known = new Set<string>(definition.options);
    const unknown = Object.keys(options).filter((key) => !known.has(key) && (options as Record<string, unknown>)[key] !== undefined);
    if (unknown.length > 0) {
      throw new VaeError(
        `@opnas/vae: model '${name}' has no option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; its options are ${definition.options.join(', ')}`,
      );
    }
  }
  return definition.create(options as never);
}

/** T of the T × N scheme when training `name` without an explicit iteration count (4 for dvae-emb, else 1). */
export function defaultIterations(name: string): number {
  return getModelDefinition(name).defaultIterations ?? 1;
}

/** The options every graph VAE takes ({@link GraphVaeOptions}). */
const COMMON_OPTIONS = ['hiddenSize', 'latentSize', 'maxVertices', 'seed', 'beta', 'epsScale'] as const;
const EMBEDDING_OPTIONS = ['embeddingSize', 'embeddingInit'] as const;
const DVAE_OPTIONS: readonly (keyof DvaeModelOptions & string)[] = [...COMMON_OPTIONS, 'vocabulary', 'bidirectional', ...EMBEDDING_OPTIONS];
// `bidirectional` is listed so the model itself can say why it is refused ('gcn' is not bidirectional)
const GCN_OPTIONS: readonly string[] = [...COMMON_OPTIONS, 'vocabulary', 'levels', 'update', 'bidirectional', ...EMBEDDING_OPTIONS];

registerModel<DvaeModelOptions>({
  name: 'dvae',
  paperName: 'D-VAE',
  description: 'D-VAE: asynchronous message passing over one-hot operation types (protocol §3.1)',
  create: (options) => new DvaeModel('dvae', options),
  options: DVAE_OPTIONS,
});

registerModel<DvaeModelOptions>({
  name: 'dvae-emb',
  paperName: 'DVAE-EMB',
  description: 'D-VAE with a learnable 8 × 3 operation embedding shared by encoder and decoder (protocol §3.2)',
  create: (options) => new DvaeModel('dvae-emb', options),
  options: DVAE_OPTIONS,
  defaultIterations: 4,
});

/**
 * Options read back from a `describe()` record: the named number and boolean fields and
 * `update`, where present. Unknown values are left to the model's own checks.
 */
function describedOptions(
  description: Readonly<Record<string, string>>,
  numbers: readonly string[],
  booleans: readonly string[] = [],
  strings: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of numbers) if (description[key] !== undefined) out[key] = Number(description[key]);
  for (const key of booleans) if (description[key] !== undefined) out[key] = description[key] === 'true';
  for (const key of strings) if (description[key] !== undefined) out[key] = description[key];
  return out;
}

const SIZES = ['hiddenSize', 'latentSize', 'maxVertices'];

registerModel<GcnModelOptions>({
  name: 'gcn',
  paperName: 'GCN',
  description: 'D-VAE decoder with a 3-level GCN encoder over one-hot types; add_vertex sees the sum of the vertex states (protocol §3.3)',
  create: (options) => new GcnModel('gcn', options),
  optionsFromDescription: (d) => ({ ...describedOptions(d, [...SIZES, 'levels'], [], ['update']), ...vocabularyFromDescription(d) }) as GcnModelOptions,
  options: GCN_OPTIONS,
});

registerModel<GcnModelOptions>({
  name: 'gcn-emb',
  paperName: 'GCN-EMB',
  description: 'GCN with a learnable 8 × 3 operation embedding shared by encoder and decoder (protocol §3.4)',
  create: (options) => new GcnModel('gcn-emb', options),
  optionsFromDescription: (d) => ({ ...describedOptions(d, [...SIZES, 'levels', 'embeddingSize'], [], ['update']), ...vocabularyFromDescription(d) }) as GcnModelOptions,
  options: GCN_OPTIONS,
});

registerModel<SvaeModelOptions>({
  name: 'svae',
  paperName: 'S-VAE',
  description: 'S-VAE: GRU encoder and decoder over the 7 × 15 adjacency rows (protocol §3.5)',
  create: (options) => new SvaeModel(options),
  optionsFromDescription: (d) => describedOptions(d, SIZES, ['bidirectional']) as SvaeModelOptions,
  options: [...COMMON_OPTIONS, 'bidirectional'],
});

registerModel<GraphRnnModelOptions>({
  name: 'graphrnn',
  paperName: 'GraphRNN',
  description: "GraphRNN decoder (graph-level and edge-level GRUs, teacher forcing) with S-VAE's encoder (protocol §3.6)",
  create: (options) => new GraphRnnModel(options),
  optionsFromDescription: (d) => describedOptions(d, SIZES) as GraphRnnModelOptions,
  // `bidirectional` (false) is what a reference checkpoint's inferred options carry
  options: [...COMMON_OPTIONS, 'bidirectional'],
});

registerModel<GinModelOptions>(
  composedModel<GinModelOptions>({
    name: 'gin',
    paperName: 'GIN',
    description: "a GIN encoder (sum of neighbours through a 2-layer MLP, sum readout; not in the paper) with D-VAE's decoder (sum graph state) over one-hot types",
    encoding: 'one-hot',
    // the sum of the states built so far (as the GCN models): cells such as NB201's have vertices
    // whose own state says nothing of what came before
    graphState: 'sum',
    encoder: (context, options) => new GinEncoder({ ...context, ...(options.levels === undefined ? {} : { levels: options.levels }) }),
    encoderOptions: ['levels'],
  }),
);
