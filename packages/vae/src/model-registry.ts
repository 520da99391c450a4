import { DvaeModel } from './dvae-model.js';
import type { DvaeModelOptions } from './dvae-model.js';
import { VaeError } from './errors.js';
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
  description: 'D-VAE: asynchronous message passing over one-hot operation types (SPEC §3.1)',
  create: (options) => new DvaeModel('dvae', options),
});

registerModel<DvaeModelOptions>({
  name: 'dvae-emb',
  paperName: 'DVAE-EMB',
  description: 'D-VAE with a learnable 8 × 3 operation embedding shared by encoder and decoder (SPEC §3.2)',
  create: (options) => new DvaeModel('dvae-emb', options),
});
