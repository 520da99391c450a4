import { OpnasError } from '@opnas/errors';
import { SafetensorsError, type TensorEntry, readSafetensorsFile, writeSafetensorsFile } from '@opnas/safetensors';

/** Posterior means of one split, with the graphs' accuracies and dataset indices. */
export interface LatentSplit {
  /** Number of graphs. */
  readonly count: number;
  /** Latent dimension (`nz`). */
  readonly dim: number;
  /** Row-major `count × dim` posterior means μ. */
  readonly mu: Float32Array;
  /** Raw weight-sharing accuracy of each graph. */
  readonly accuracy: Float64Array;
  /** 0-based post-burn-in dataset index of each graph. */
  readonly index: Int32Array;
}

/** A latents file: train and test μ's plus string metadata (model, epoch, dataSha256, …). */
export interface LatentsFile {
  readonly train: LatentSplit;
  readonly test: LatentSplit;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Thrown for a latents file that is missing, malformed or inconsistent. Code `invalid-latents`. */
export class LatentsError extends OpnasError<'invalid-latents'> {
  override name = 'LatentsError';
  constructor(message: string, options?: ErrorOptions) {
    super('@opnas/latents', 'invalid-latents', message, options);
  }
}

/** `format` metadata value of a latents file. */
export const LATENTS_FORMAT = 'opnas-latents';
/** `version` metadata value this package writes and reads. */
export const LATENTS_VERSION = '1';

function checkSplit(name: string, split: LatentSplit, where: string): void {
  const { count, dim } = split;
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(dim) || dim < 1) {
    throw new LatentsError(`${where}: ${name} has count ${count} and dim ${dim}; expected integers, dim ≥ 1`);
  }
  if (split.mu.length !== count * dim) throw new LatentsError(`${where}: ${name}.mu has ${split.mu.length} values, expected ${count} × ${dim}`);
  if (split.accuracy.length !== count) throw new LatentsError(`${where}: ${name}.accuracy has ${split.accuracy.length} values, expected ${count}`);
  if (split.index.length !== count) throw new LatentsError(`${where}: ${name}.index has ${split.index.length} values, expected ${count}`);
  for (let i = 0; i < split.mu.length; i++) {
    if (!Number.isFinite(split.mu[i]!)) throw new LatentsError(`${where}: ${name}.mu[${Math.floor(i / dim)}][${i % dim}] is ${split.mu[i]}`);
  }
  for (let i = 0; i < count; i++) {
    const a = split.accuracy[i]!;
    if (!(a >= 0 && a <= 1)) throw new LatentsError(`${where}: ${name}.accuracy[${i}] is ${a}, outside [0, 1]`);
  }
}

/**
 * Write a latents file atomically. Layout (a safetensors file, readable from Python with
 * `safetensors.numpy.load_file`): `train.mu` F32 [N, nz], `train.accuracy` F64 [N],
 * `train.index` I32 [N], the same for `test.`, and `__metadata__` with `format`, `version`
 * and the caller's strings.
 */
export async function writeLatents(path: string, latents: LatentsFile): Promise<void> {
  const where = `@opnas/latents: ${path}`;
  checkSplit('train', latents.train, where);
  checkSplit('test', latents.test, where);
  if (latents.train.dim !== latents.test.dim) {
    throw new LatentsError(`${where}: train has dim ${latents.train.dim} but test has dim ${latents.test.dim}`);
  }
  const tensors: Record<string, TensorEntry> = {};
  for (const name of ['train', 'test'] as const) {
    const split = latents[name];
    tensors[`${name}.mu`] = { dtype: 'F32', shape: [split.count, split.dim], data: split.mu };
    tensors[`${name}.accuracy`] = { dtype: 'F64', shape: [split.count], data: split.accuracy };
    tensors[`${name}.index`] = { dtype: 'I32', shape: [split.count], data: split.index };
  }
  await writeSafetensorsFile(path, tensors, { ...latents.metadata, format: LATENTS_FORMAT, version: LATENTS_VERSION });
}

/** Read and validate a latents file; every error names the file and the tensor. */
export async function readLatents(path: string): Promise<LatentsFile> {
  const where = `@opnas/latents: ${path}`;
  let contents;
  try {
    contents = await readSafetensorsFile(path);
  } catch (error) {
    if (error instanceof SafetensorsError) throw new LatentsError(error.message.replace('@opnas/safetensors', '@opnas/latents'));
    throw error;
  }
  const { tensors, metadata } = contents;
  if (metadata.format !== LATENTS_FORMAT) throw new LatentsError(`${where}: not a latents file (metadata format is ${JSON.stringify(metadata.format)})`);
  if (metadata.version !== LATENTS_VERSION) throw new LatentsError(`${where}: unsupported latents version ${JSON.stringify(metadata.version)}`);
  const take = (name: string, dtype: string, rank: number) => {
    const t = tensors[name];
    if (!t) throw new LatentsError(`${where}: missing tensor ${name}`);
    if (t.dtype !== dtype || t.shape.length !== rank) {
      throw new LatentsError(`${where}: ${name} must be ${dtype} of rank ${rank}, found ${t.dtype} [${t.shape.join(', ')}]`);
    }
    return t;
  };
  const split = (name: 'train' | 'test'): LatentSplit => {
    const mu = take(`${name}.mu`, 'F32', 2);
    const s: LatentSplit = {
      count: mu.shape[0]!,
      dim: mu.shape[1]!,
      mu: mu.data as Float32Array,
      accuracy: take(`${name}.accuracy`, 'F64', 1).data as Float64Array,
      index: take(`${name}.index`, 'I32', 1).data as Int32Array,
    };
    checkSplit(name, s, where);
    return s;
  };
  const train = split('train');
  const test = split('test');
  if (train.dim !== test.dim) throw new LatentsError(`${where}: train has dim ${train.dim} but test has dim ${test.dim}`);
  return { train, test, metadata };
}

/** Row `i` of a split's μ as a new Float64Array (the GP works in float64). */
export function latentRow(split: LatentSplit, i: number): Float64Array {
  if (!Number.isInteger(i) || i < 0 || i >= split.count) throw new LatentsError(`@opnas/latents: row ${i} outside 0..${split.count - 1}`);
  return Float64Array.from(split.mu.subarray(i * split.dim, (i + 1) * split.dim));
}
