import type { Dag } from '@opnas/dag';
import type { LatentSplit, LatentsFile } from '@opnas/latents';
import { TrainError } from './errors.js';
import type { WorkerPool } from './worker-pool.js';

/** A graph with what the latents file keeps beside its μ (an `EnasRecord` fits). */
export interface LatentRecord {
  readonly dag: Dag;
  /** Raw weight-sharing accuracy. */
  readonly accuracy: number;
  /** 0-based post-burn-in dataset index. */
  readonly index: number;
}

/** Options of {@link extractLatents}. */
export interface ExtractLatentsOptions {
  /** Graphs per worker job. Default 128 (the reference's batch). */
  readonly chunkSize?: number;
  /** Strings stored in the file (model, epoch, dataSha256, …). */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Latent extraction (protocol §5.3): eval-mode posterior means μ of the train and test graphs,
 * with their accuracies and dataset indices, ready for `writeLatents` (`@opnas/latents`).
 */
export async function extractLatents(
  pool: WorkerPool,
  splits: { readonly train: readonly LatentRecord[]; readonly test: readonly LatentRecord[] },
  options: ExtractLatentsOptions = {},
): Promise<LatentsFile> {
  const total = splits.train.length + splits.test.length;
  const split = async (records: readonly LatentRecord[], before: number): Promise<LatentSplit> => {
    if (records.length === 0) throw new TrainError('@opnas/train: extractLatents needs at least one graph in each split');
    const { mu } = await pool.encode(
      records.map((r) => r.dag),
      { chunkSize: options.chunkSize ?? 128, onProgress: (done) => options.onProgress?.(before + done, total) },
    );
    return {
      count: records.length,
      dim: mu.length / records.length,
      mu,
      accuracy: Float64Array.from(records, (r) => r.accuracy),
      index: Int32Array.from(records, (r) => r.index),
    };
  };
  const train = await split(splits.train, 0);
  const test = await split(splits.test, splits.train.length);
  return { train, test, metadata: { ...options.metadata } };
}
