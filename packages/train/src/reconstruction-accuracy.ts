import type { Dag } from '@opnas/dag';
import { isSameDag } from '@opnas/dag';
import { positiveInteger } from '@opnas/errors';
import { TrainError, invalidArgument } from './errors.js';
import type { WorkerPool } from './worker-pool.js';

/** Options of {@link reconstructionAccuracy}; defaults are the reference's `test()` (protocol §5.1). */
export interface ReconstructionOptions {
  /** Stochastic decodings of each test graph's μ. Default 100 (10 "encodings" × 10 decodings, all of μ). */
  readonly decodings?: number;
  /** Test graphs per chunk. Default 128 (the reference's batch). */
  readonly chunkSize?: number;
  /** Decodings of a chunk per worker job (rows per decoder call = chunkSize × this). Default 10. */
  readonly decodingsPerJob?: number;
  /** Seed of the decoding generators. Default 1. */
  readonly seed?: number;
  /** Called as decoder jobs finish. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Reconstruction results. */
export interface ReconstructionResult {
  /** Fraction of decodings that are `isSameDag` to their input (Table 1's "reconstruction accuracy"). */
  readonly accuracy: number;
  /** Mean teacher-forced negative log-likelihood per test graph at z = μ. */
  readonly nll: number;
  /** Number of decodings made. */
  readonly decodings: number;
  /** Number that matched. */
  readonly matches: number;
}

/** Seed of the generator of reconstruction decoding job `k`. */
export const reconstructionJobSeed = (seed: number, job: number): number => seed * 2 ** 21 + job;

/**
 * Reconstruction accuracy (protocol §5.1): eval mode, μ of every test graph, decoded stochastically
 * `decodings` times; accuracy = exact matches / (graphs × decodings). Also the test NLL at z = μ.
 * The work is split into jobs (a chunk of graphs × `decodingsPerJob` copies of their μ), each
 * with its own generator, so results do not depend on the number of workers.
 */
export async function reconstructionAccuracy(pool: WorkerPool, graphs: readonly Dag[], options: ReconstructionOptions = {}): Promise<ReconstructionResult> {
  const decodings = options.decodings ?? 100;
  const chunkSize = options.chunkSize ?? 128;
  const perJob = Math.min(options.decodingsPerJob ?? 10, decodings);
  const seed = options.seed ?? 1;
  for (const [name, value] of [
    ['decodings', decodings],
    ['chunkSize', chunkSize],
    ['decodingsPerJob', perJob],
  ] as const) {
    positiveInteger(value, name, invalidArgument);
  }
  if (graphs.length === 0) throw new TrainError('@opnas/train: reconstructionAccuracy needs at least one test graph');
  const { mu, recon } = await pool.encode(graphs, { chunkSize, nll: true });
  const nz = mu.length / graphs.length;
  const jobs: { z: Float32Array; seed: number; start: number; rows: number; copies: number }[] = [];
  for (let start = 0; start < graphs.length; start += chunkSize) {
    const rows = Math.min(chunkSize, graphs.length - start);
    const block = mu.subarray(start * nz, (start + rows) * nz);
    for (let done = 0; done < decodings; done += perJob) {
      const copies = Math.min(perJob, decodings - done);
      const z = new Float32Array(copies * rows * nz);
      for (let c = 0; c < copies; c++) z.set(block, c * rows * nz);
      jobs.push({ z, seed: reconstructionJobSeed(seed, jobs.length), start, rows, copies });
    }
  }
  const decoded = await pool.decode(jobs, { stochastic: true, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) });
  let matches = 0;
  jobs.forEach((job, k) => {
    const out = decoded[k]!;
    for (let c = 0; c < job.copies; c++) {
      for (let i = 0; i < job.rows; i++) if (isSameDag(out[c * job.rows + i]!, graphs[job.start + i]!)) matches++;
    }
  });
  const total = graphs.length * decodings;
  return { accuracy: matches / total, nll: recon / graphs.length, decodings: total, matches };
}
