import { readSafetensorsFile, toFloat32, writeSafetensorsFile } from '@opnas/safetensors';
import type { TensorEntry } from '@opnas/safetensors';
import { VaeError } from './errors.js';
import type { GraphVae } from './graph-vae.js';
import { createModel, getModelDefinition } from './model-registry.js';

/**
 * Reference parameters that exist in a reference checkpoint but that opnas does not allocate:
 * `hv_unify` is constructed by the reference DVAE and never used (protocol §3.1, §10.2 item 6).
 */
export const UNUSED_REFERENCE_PARAMETERS: readonly string[] = ['hv_unify.0.weight', 'hv_unify.0.bias'];

/** Metadata key that marks an opnas weight file. */
const FORMAT = 'opnas-graph-vae';

/** Options of {@link saveModelWeights}. */
export interface SaveWeightsOptions {
  /** Extra metadata (strings) stored in the file header, e.g. the epoch. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Writes every parameter of `model` to a safetensors file, atomically (temporary file, then
 * rename). Tensors are float32 under the reference (PyTorch) names, in the reference layout
 * (`Linear` weights `out × in`), so the file also loads into the reference code with
 * `model.load_state_dict(safetensors.torch.load_file(path), strict=False)` (strict fails only
 * on the unused `hv_unify`). The header's metadata records the model name and sizes.
 */
export async function saveModelWeights(model: GraphVae, path: string, options: SaveWeightsOptions = {}): Promise<void> {
  const tensors: Record<string, TensorEntry> = {};
  // Reads the values asynchronously first: a backend that can only read asynchronously (webgpu)
  // then answers the synchronous reads below from the values it has cached.
  await Promise.all(model.variables().map((v) => v.data()));
  for (const p of model.referenceParameters()) tensors[p.name] = { dtype: 'F32', shape: [...p.shape], data: p.read() };
  await writeSafetensorsFile(path, tensors, { ...options.metadata, format: FORMAT, ...model.describe() });
}

/** Options of {@link applyModelWeights} and {@link loadModelWeights}. */
export interface LoadWeightsOptions {
  /** Name of the source in error messages (a path). Default `weights`. */
  readonly source?: string;
  /**
   * Names that may be present without a home in the model. Default {@link UNUSED_REFERENCE_PARAMETERS}
   * plus the model's own `unusedReferenceParameters()`.
   */
  readonly ignore?: readonly string[];
  /** The file's metadata, checked against `model.describe()` when it is an opnas file. */
  readonly metadata?: Readonly<Record<string, string>>;
}

function list(names: readonly string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')} and ${names.length - 6} more`;
}

/**
 * Sets every parameter of `model` from tensors named as in the reference `state_dict`
 * (protocol §12), converting F64/F16/BF16 to float32. Everything is checked before anything is
 * written, so a refused file leaves the model unchanged.
 *
 * @throws {VaeError} naming the missing tensors, the unexpected ones, the tensors whose shape
 *   differs (with both shapes), non-float tensors, or metadata that describes another model.
 */
export function applyModelWeights(model: GraphVae, tensors: Readonly<Record<string, TensorEntry>>, options: LoadWeightsOptions = {}): void {
  const where = `@opnas/vae: ${options.source ?? 'weights'}`;
  const metadata = options.metadata ?? {};
  if (metadata['format'] === FORMAT) {
    const expected = model.describe();
    const differing = Object.keys(expected).filter((key) => metadata[key] !== undefined && metadata[key] !== expected[key]);
    if (differing.length > 0) {
      throw new VaeError(`${where}: the file holds a different model (${differing.map((k) => `${k} ${metadata[k]} ≠ ${expected[k]}`).join(', ')})`);
    }
  }
  const params = model.referenceParameters();
  const known = new Set(params.map((p) => p.name));
  const ignore = new Set(options.ignore ?? [...UNUSED_REFERENCE_PARAMETERS, ...(model.unusedReferenceParameters?.() ?? [])]);
  const missing = params.filter((p) => tensors[p.name] === undefined).map((p) => p.name);
  const unexpected = Object.keys(tensors).filter((name) => !known.has(name) && !ignore.has(name));
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing ${list(missing)}`);
  if (unexpected.length > 0) problems.push(`unexpected ${list(unexpected)}`);
  const wrongShape = params.filter((p) => {
    const t = tensors[p.name];
    return t !== undefined && (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i]));
  });
  if (wrongShape.length > 0) {
    problems.push(
      `shape mismatch: ${wrongShape
        .map((p) => `${p.name} is [${tensors[p.name]!.shape.join(', ')}] in the file but [${p.shape.join(', ')}] in the model`)
        .slice(0, 6)
        .join('; ')}${wrongShape.length > 6 ? ` and ${wrongShape.length - 6} more` : ''}`,
    );
  }
  const nonFloat = params.filter((p) => {
    const dtype = tensors[p.name]?.dtype;
    return dtype !== undefined && !['F32', 'F64', 'F16', 'BF16'].includes(dtype);
  });
  if (nonFloat.length > 0) problems.push(`not floating point: ${list(nonFloat.map((p) => `${p.name} (${tensors[p.name]!.dtype})`))}`);
  if (problems.length > 0) throw new VaeError(`${where} does not fit the ${model.name} model: ${problems.join('; ')}`);
  const values = params.map((p) => toFloat32(tensors[p.name]!));
  params.forEach((p, i) => p.write(values[i]!));
}

/** Reads a safetensors file (an opnas file, or a converted reference checkpoint) into `model`. */
export async function loadModelWeights(model: GraphVae, path: string, options: Omit<LoadWeightsOptions, 'source' | 'metadata'> = {}): Promise<void> {
  const { tensors, metadata } = await readSafetensorsFile(path);
  applyModelWeights(model, tensors, { ...options, source: path, metadata });
}

/** What {@link inferModelOptions} finds in a weight file. */
export interface InferredModel {
  readonly name: 'dvae' | 'dvae-emb' | 'gcn' | 'gcn-emb' | 'svae' | 'graphrnn';
  readonly options: { hiddenSize: number; latentSize: number; maxVertices: number; bidirectional: boolean; embeddingSize?: number; levels?: number };
}

/**
 * The model a reference weight file holds, from its tensor names and shapes (protocol §12, §3.3–3.6):
 * - `SVAE_GraphRNN` if it has `grud_edge.*`, `SVAE` if it has `grue.weight_ih_l0` (nn.GRU
 *   names): `hs` from `grue.weight_hh_l0`, `max_n` from the row width `8 + max_n − 1`,
 *   bidirectional if `grue.weight_ih_l0_reverse` exists;
 * - `DVAE_GCN` / `DVAE_GCN_EMB` if it has `gconv.0.0.weight`: levels = number of `gconv.ℓ`;
 * - otherwise the D-VAE family: `hs` from `grud.weight_hh` (3H × H), `nz` from `fc1.weight`,
 *   `max_n` from the gate's width `H + max_n`, DVAE-EMB if `embeddings.weight` exists,
 *   bidirectional if `hg_unify` exists.
 *
 * @throws {VaeError} if the tensors are none of these.
 */
export function inferModelOptions(tensors: Readonly<Record<string, TensorEntry>>, source = 'weights'): InferredModel {
  const shape = (name: string): readonly number[] => {
    const t = tensors[name];
    if (t === undefined) throw new VaeError(`@opnas/vae: ${source} is not a D-VAE family state dict: it has no ${name}`);
    return t.shape;
  };
  const latentSize = (): number => shape('fc1.weight')[0]!;
  if (tensors['grue.weight_ih_l0'] !== undefined) {
    const hiddenSize = shape('grue.weight_hh_l0')[1]!;
    // Rows are 8 one-hot types + max_n − 1 in-edge bits.
    const maxVertices = shape('grue.weight_ih_l0')[1]! - 7;
    if (tensors['grud_edge.weight_hh_l0'] !== undefined) return { name: 'graphrnn', options: { hiddenSize, latentSize: latentSize(), maxVertices, bidirectional: false } };
    return { name: 'svae', options: { hiddenSize, latentSize: latentSize(), maxVertices, bidirectional: tensors['grue.weight_ih_l0_reverse'] !== undefined } };
  }
  const hiddenSize = shape('grud.weight_hh')[1]!;
  const maxVertices = shape('gate_forward.0.weight')[1]! - hiddenSize;
  const embedding = tensors['embeddings.weight'];
  if (tensors['gconv.0.0.weight'] !== undefined) {
    let levels = 0;
    while (tensors[`gconv.${levels}.0.weight`] !== undefined) levels++;
    const options = { hiddenSize, latentSize: latentSize(), maxVertices, bidirectional: false, levels };
    return embedding === undefined ? { name: 'gcn', options } : { name: 'gcn-emb', options: { ...options, embeddingSize: embedding.shape[1]! } };
  }
  const bidirectional = tensors['hg_unify.0.weight'] !== undefined;
  if (embedding === undefined) return { name: 'dvae', options: { hiddenSize, latentSize: latentSize(), maxVertices, bidirectional } };
  return { name: 'dvae-emb', options: { hiddenSize, latentSize: latentSize(), maxVertices, bidirectional, embeddingSize: embedding.shape[1]! } };
}

/**
 * Builds the model a weight file describes and loads it: an opnas file (its metadata names the
 * model and its options) or a reference checkpoint converted to safetensors (DVAE, DVAE_EMB,
 * DVAE_GCN, DVAE_GCN_EMB, SVAE or SVAE_GraphRNN; the model is inferred from the tensors).
 */
export async function loadModel(path: string): Promise<GraphVae> {
  const { tensors, metadata } = await readSafetensorsFile(path);
  let model: GraphVae;
  if (metadata['format'] === FORMAT && metadata['model'] !== undefined && metadata['model'] !== 'dvae' && metadata['model'] !== 'dvae-emb') {
    const definition = getModelDefinition(metadata['model']);
    const number = (key: string) => (metadata[key] === undefined ? {} : { [key]: Number(metadata[key]) });
    model = definition.create(definition.optionsFromDescription?.(metadata) ?? { ...number('hiddenSize'), ...number('latentSize'), ...number('maxVertices') });
  } else {
    const inferred = inferModelOptions(tensors, path);
    model = createModel(inferred.name, inferred.options);
  }
  try {
    applyModelWeights(model, tensors, { source: path, metadata });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
