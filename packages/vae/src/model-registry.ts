import { GraphRnnModel, SvaeModel } from '@opnas/sequence-vae';
import type { GraphRnnModelOptions, SvaeModelOptions } from '@opnas/sequence-vae';
import { DvaeModel } from './dvae-model.js';
import type { DvaeModelOptions } from './dvae-model.js';
import { VaeError } from './errors.js';
import { GcnModel } from './gcn-model.js';
import type { GcnModelOptions } from './gcn-model.js';
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
}

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
 * Builds a registered model with the given options (paper defaults otherwise).
 *
 * @throws {VaeError} for an unknown name or invalid options.
 */
export function createModel(name: string, options: GraphVaeOptions & Record<string, unknown> = {}): GraphVae {
  return getModelDefinition(name).create(options);
}

registerModel<DvaeModelOptions>({
  name: 'dvae',
  paperName: 'D-VAE',
  description: 'D-VAE: asynchronous message passing over one-hot operation types (protocol §3.1)',
  create: (options) => new DvaeModel('dvae', options),
});

registerModel<DvaeModelOptions>({
  name: 'dvae-emb',
  paperName: 'DVAE-EMB',
  description: 'D-VAE with a learnable 8 × 3 operation embedding shared by encoder and decoder (protocol §3.2)',
  create: (options) => new DvaeModel('dvae-emb', options),
});

/**
 * Options read back from a `describe()` record: the named number and boolean fields and
 * `update`, where present. Unknown values are left to the model's own checks.
 */
function describedOptions(description: Readonly<Record<string, string>>, numbers: readonly string[], booleans: readonly string[] = [], strings: readonly string[] = []): Record<string, unknown> {
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
  optionsFromDescription: (d) => describedOptions(d, [...SIZES, 'levels'], [], ['update']) as GcnModelOptions,
});

registerModel<GcnModelOptions>({
  name: 'gcn-emb',
  paperName: 'GCN-EMB',
  description: 'GCN with a learnable 8 × 3 operation embedding shared by encoder and decoder (protocol §3.4)',
  create: (options) => new GcnModel('gcn-emb', options),
  optionsFromDescription: (d) => describedOptions(d, [...SIZES, 'levels', 'embeddingSize'], [], ['update']) as GcnModelOptions,
});

registerModel<SvaeModelOptions>({
  name: 'svae',
  paperName: 'S-VAE',
  description: 'S-VAE: GRU encoder and decoder over the 7 × 15 adjacency rows (protocol §3.5)',
  create: (options) => new SvaeModel(options),
  optionsFromDescription: (d) => describedOptions(d, SIZES, ['bidirectional']) as SvaeModelOptions,
});

registerModel<GraphRnnModelOptions>({
  name: 'graphrnn',
  paperName: 'GraphRNN',
  description: "GraphRNN decoder (graph-level and edge-level GRUs, teacher forcing) with S-VAE's encoder (protocol §3.6)",
  create: (options) => new GraphRnnModel(options),
  optionsFromDescription: (d) => describedOptions(d, SIZES) as GraphRnnModelOptions,
});
