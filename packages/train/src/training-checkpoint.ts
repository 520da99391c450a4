import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { PythonRandomState } from '@opnas/rng';
import { encodeSafetensors, readSafetensorsFile } from '@opnas/safetensors';
import type { TensorEntry } from '@opnas/safetensors';
import { CheckpointError } from './errors.js';
import { faultPoint } from './fault-injection.js';
import type { PlateauState } from './reduce-lr-on-plateau.js';
import type { TrainingLogEntry } from './training-log.js';

/** Where training stands, and everything besides the big arrays that resuming needs. */
export interface TrainingProgressState {
  /** Iteration of the T × N scheme, from 1. */
  readonly iteration: number;
  /** Epochs of this iteration completed. */
  readonly epoch: number;
  /**
   * Batches of the next epoch already done (0 at an epoch boundary). When positive, `order` is
   * that epoch's order (already shuffled) and the sums in `partial` cover those batches.
   */
  readonly batch: number;
  /** Adam steps taken (the next step is `adamStep + 1`). */
  readonly adamStep: number;
  /** The plateau scheduler, or null when training runs without one. */
  readonly scheduler: PlateauState | null;
  /** The generator that shuffles the data each epoch (protocol §4.1). */
  readonly shuffleRandom: PythonRandomState;
  /** The generator of the reparameterisation noise (protocol §2.4). */
  readonly noiseRandom: PythonRandomState;
  /** Sums over the batches done in the current epoch, and its seconds so far. */
  readonly partial: { readonly loss: number; readonly recon: number; readonly kld: number; readonly seconds: number };
  /** Every completed epoch's log entry, all iterations. */
  readonly log: readonly TrainingLogEntry[];
  /** Worker threads the run used (gradient sums differ in the last bits with another count). */
  readonly workers: number;
}

/** A complete training checkpoint. */
export interface TrainingCheckpoint {
  readonly state: TrainingProgressState;
  /** Flat parameters in `model.variables()` order. */
  readonly weights: Float32Array;
  /** Adam's first and second moments, same layout. */
  readonly m: Float32Array;
  readonly v: Float32Array;
  /** The training set's order (indices into it) as of `state`. */
  readonly order: Int32Array;
  /** Shapes of the parameter tensors, to refuse a checkpoint of another model. */
  readonly shapes: readonly (readonly number[])[];
}

const FORMAT = 'opnas-train-checkpoint';
const VERSION = '1';
let written = 0;

/**
 * Writes a checkpoint atomically: the bytes go to a temporary file beside `path`, are flushed to
 * disk, and only then replace `path` by a rename, so a crash at any instant leaves either the
 * previous checkpoint or the new one, never a mixture. (Not write-file-atomic: the crash tests
 * need a kill point half-way through the write, see `faultPoint`.)
 */
export async function writeCheckpoint(path: string, checkpoint: TrainingCheckpoint): Promise<void> {
  const tensors: Record<string, TensorEntry> = {
    weights: { dtype: 'F32', shape: [checkpoint.weights.length], data: checkpoint.weights },
    'adam.m': { dtype: 'F32', shape: [checkpoint.m.length], data: checkpoint.m },
    'adam.v': { dtype: 'F32', shape: [checkpoint.v.length], data: checkpoint.v },
    order: { dtype: 'I32', shape: [checkpoint.order.length], data: checkpoint.order },
  };
  const bytes = encodeSafetensors(tensors, { format: FORMAT, version: VERSION, state: JSON.stringify(checkpoint.state), shapes: JSON.stringify(checkpoint.shapes) });
  await mkdir(dirname(path), { recursive: true });
  written++;
  const temporary = `${path}.tmp-${process.pid}-${written}`;
  const handle = await open(temporary, 'w');
  try {
    const half = Math.floor(bytes.length / 2);
    await handle.write(bytes, 0, half);
    await handle.sync();
    faultPoint('in-checkpoint', String(written));
    await handle.write(bytes, half, bytes.length - half);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw new CheckpointError(`@opnas/train: cannot write checkpoint ${path}: ${(error as Error).message}`);
  }
  await handle.close();
  await rename(temporary, path);
}

/** Removes temporary files a killed checkpoint write left beside `path`. */
export async function removeStaleCheckpointFiles(path: string): Promise<void> {
  const prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(join(dirname(path), n), { force: true })));
}

function tensor(tensors: Record<string, TensorEntry>, name: string, dtype: string, path: string): TensorEntry {
  const t = tensors[name];
  if (t === undefined) throw new CheckpointError(`@opnas/train: checkpoint ${path} has no tensor '${name}'`);
  if (t.dtype !== dtype || t.shape.length !== 1)
    throw new CheckpointError(`@opnas/train: checkpoint ${path}: '${name}' is ${t.dtype} [${t.shape.join(', ')}], expected a ${dtype} vector`);
  return t;
}

/**
 * Reads a checkpoint written by {@link writeCheckpoint}.
 *
 * @throws {CheckpointError} naming the file and what is missing or malformed.
 */
export async function readCheckpoint(path: string): Promise<TrainingCheckpoint> {
  let contents;
  try {
    contents = await readSafetensorsFile(path);
  } catch (error) {
    throw new CheckpointError(`@opnas/train: cannot read checkpoint: ${(error as Error).message}`);
  }
  return checkpointFromContents(contents, path);
}

function checkpointFromContents(contents: { tensors: Record<string, TensorEntry>; metadata: Record<string, string> }, path: string): TrainingCheckpoint {
  const { tensors, metadata } = contents;
  if (metadata['format'] !== FORMAT) throw new CheckpointError(`@opnas/train: ${path} is not a training checkpoint (format ${JSON.stringify(metadata['format'])})`);
  if (metadata['version'] !== VERSION) throw new CheckpointError(`@opnas/train: checkpoint ${path} has version ${metadata['version']}; this opnas reads version ${VERSION}`);
  let state: TrainingProgressState;
  let shapes: number[][];
  try {
    state = JSON.parse(metadata['state'] ?? '') as TrainingProgressState;
    shapes = JSON.parse(metadata['shapes'] ?? '') as number[][];
  } catch (error) {
    throw new CheckpointError(`@opnas/train: checkpoint ${path}: malformed state metadata (${(error as Error).message})`);
  }
  for (const key of ['iteration', 'epoch', 'batch', 'adamStep', 'workers'] as const) {
    if (!Number.isInteger(state[key]) || state[key] < 0) throw new CheckpointError(`@opnas/train: checkpoint ${path}: state.${key} is ${JSON.stringify(state[key])}`);
  }
  if (!Array.isArray(state.log) || !Array.isArray(shapes)) throw new CheckpointError(`@opnas/train: checkpoint ${path}: state.log or shapes is not a list`);
  const weights = tensor(tensors, 'weights', 'F32', path).data as Float32Array;
  const m = tensor(tensors, 'adam.m', 'F32', path).data as Float32Array;
  const v = tensor(tensors, 'adam.v', 'F32', path).data as Float32Array;
  const order = tensor(tensors, 'order', 'I32', path).data as Int32Array;
  if (m.length !== weights.length || v.length !== weights.length) {
    throw new CheckpointError(`@opnas/train: checkpoint ${path}: weights (${weights.length}), adam.m (${m.length}) and adam.v (${v.length}) differ in length`);
  }
  return { state, weights, m, v, order, shapes };
}
