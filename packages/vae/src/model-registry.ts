import { GraphRnnModel, SvaeModel } from '@opnas/sequence-vae';
import type { GraphRnnModelOptions, SvaeModelOptions } from '@opnas/sequence-vae';
import { composedModel } from './composed-model.js';
import { DVAE, DVAE_EMB } from './dvae.js';
import type { DvaeModelOptions } from './dvae.js';
import { VaeError } from './errors.js';
import { GCN, GCN_EMB } from './gcn.js';
import type { GcnModelOptions } from './gcn.js';
import { GIN } from './gin.js';
import type { GinModelOptions } from './gin.js';
import type { GraphVae, GraphVaeOptions } from './graph-vae.js';

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

// The paper's six first, in the paper's order; models composed since (gin) after them.
registerModel(composedModel(DVAE));
registerModel(composedModel(DVAE_EMB));
registerModel(composedModel(GCN));
registerModel(composedModel(GCN_EMB));

/** The sizes and, where present, the `bidirectional` flag of a sequence model's `describe()` record. */
function sequenceOptions(description: Readonly<Record<string, string>>, booleans: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['hiddenSize', 'latentSize', 'maxVertices']) if (description[key] !== undefined) out[key] = Number(description[key]);
  for (const key of booleans) if (description[key] !== undefined) out[key] = description[key] === 'true';
  return out;
}

const SEQUENCE_OPTIONS = ['hiddenSize', 'latentSize', 'maxVertices', 'seed', 'beta', 'epsScale', 'bidirectional'];

registerModel<SvaeModelOptions>({
  name: 'svae',
  paperName: 'S-VAE',
  description: 'S-VAE: GRU encoder and decoder over the 7 × 15 adjacency rows (protocol §3.5)',
  create: (options) => new SvaeModel(options),
  optionsFromDescription: (d) => sequenceOptions(d, ['bidirectional']) as SvaeModelOptions,
  options: SEQUENCE_OPTIONS,
});

registerModel<GraphRnnModelOptions>({
  name: 'graphrnn',
  paperName: 'GraphRNN',
  description: "GraphRNN decoder (graph-level and edge-level GRUs, teacher forcing) with S-VAE's encoder (protocol §3.6)",
  create: (options) => new GraphRnnModel(options),
  optionsFromDescription: (d) => sequenceOptions(d) as GraphRnnModelOptions,
  // `bidirectional` (false) is what a reference checkpoint's inferred options carry
  options: SEQUENCE_OPTIONS,
});

registerModel(composedModel(GIN));
