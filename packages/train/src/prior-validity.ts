import type { Dag, SearchSpace } from '@opnas/dag';
import { ENAS6 } from '@opnas/dag';
import { positiveInteger } from '@opnas/errors';
import { PythonRandom } from '@opnas/rng';
import { TrainError, invalidArgument } from './errors.js';
import type { WorkerPool } from './worker-pool.js';

/** Options of {@link priorValidity}; defaults are the reference's `prior_validity(True)` (protocol §5.2). */
export interface PriorValidityOptions {
  /** Latent points drawn. Default 1,000. */
  readonly points?: number;
  /** Stochastic decodings of each point. Default 10. */
  readonly decodings?: number;
  /** Points per batch (each batch is one worker job of `chunkSize × decodings` rows). Default 128. */
  readonly chunkSize?: number;
  /**
   * `true`: points from N(m, s) with m and s the per-dimension mean and population sd of the
   * training means (the reference's `scale_to_train_range=True`); `false`: N(0, I). Default true.
   */
  readonly scaleToTrainRange?: boolean;
  /** Seed of the points and of the decoding generators. Default 1. */
  readonly seed?: number;
  /** The space whose rules and keys judge the decodings. Default ENAS6. */
  readonly space?: SearchSpace;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Validity, uniqueness and novelty of decodings of latent points (Table 1). */
export interface PriorValidityResult {
  /**
   * Valid decodings / all decodings, where a space's last rule `vertex-count` is not applied: for
   * ENAS6 that is the reference's `isValidEnas` at any vertex count. Spaces without such a rule
   * apply all their rules.
   */
  readonly validity: number;
  /** The same with every rule of the space (for ENAS6: exactly 8 vertices, the rule BO applies, protocol §7.4). */
  readonly validity8: number;
  /** Distinct keys (ENAS6: flat strings) among valid decodings / valid decodings (with multiplicity). */
  readonly uniqueness: number;
  /** 1 − (valid decodings equal to a training graph / valid decodings). */
  readonly novelty: number;
  readonly decodings: number;
  readonly valid: number;
}

/** Seed of the generator of validity decoding job `k` (disjoint from the reconstruction jobs'). */
export const validityJobSeed = (seed: number, job: number): number => seed * 2 ** 21 + 2 ** 20 + job;

/** Per-dimension mean and population sd of row-major `count × dim` values. */
export function columnMoments(values: Float32Array, dim: number): { mean: Float64Array; sd: Float64Array } {
  const count = values.length / dim;
  const mean = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (let r = 0; r < count; r++) for (let d = 0; d < dim; d++) mean[d]! += values[r * dim + d]!;
  for (let d = 0; d < dim; d++) mean[d]! /= count;
  for (let r = 0; r < count; r++) {
    for (let d = 0; d < dim; d++) {
      const x = values[r * dim + d]! - mean[d]!;
      sd[d]! += x * x;
    }
  }
  for (let d = 0; d < dim; d++) sd[d] = Math.sqrt(sd[d]! / count);
  return { mean, sd };
}

/**
 * Validity, uniqueness and novelty (protocol §5.2): `points` latent points z = ε ⊙ s + m (ε ~ N(0, I),
 * m and s from the training means), each decoded `decodings` times. Novelty hashes the training
 * graphs (the space's key; for ENAS6 the flat string, which on valid graphs is equal exactly when
 * `is_same_DAG` is) instead of the reference's linear scan, so it costs a few milliseconds.
 *
 * @param trainMu row-major training means (`count × dim`), for m and s.
 * @param trainGraphs the training graphs, for novelty.
 */
export async function priorValidity(
  pool: WorkerPool,
  trainMu: Float32Array,
  dim: number,
  trainGraphs: readonly Dag[],
  options: PriorValidityOptions = {},
): Promise<PriorValidityResult> {
  const points = options.points ?? 1000;
  const decodings = options.decodings ?? 10;
  const chunkSize = options.chunkSize ?? 128;
  const seed = options.seed ?? 1;
  for (const [name, value] of [
    ['points', points],
    ['decodings', decodings],
    ['chunkSize', chunkSize],
    ['dim', dim],
  ] as const) {
    positiveInteger(value, name, invalidArgument);
  }
  if (trainMu.length === 0 || trainMu.length % dim !== 0) throw new TrainError(`@opnas/train: trainMu has ${trainMu.length} values, not whole rows of ${dim}`);
  const scale = options.scaleToTrainRange ?? true;
  const { mean, sd } = scale ? columnMoments(trainMu, dim) : { mean: new Float64Array(dim), sd: new Float64Array(dim).fill(1) };
  const random = new PythonRandom(seed);
  const z = new Float32Array(points * dim);
  for (let i = 0; i < z.length; i++) z[i] = random.gauss() * sd[i % dim]! + mean[i % dim]!;
  const jobs: { z: Float32Array; seed: number }[] = [];
  for (let start = 0; start < points; start += chunkSize) {
    const rows = Math.min(chunkSize, points - start);
    const block = z.subarray(start * dim, (start + rows) * dim);
    const tiled = new Float32Array(decodings * rows * dim);
    for (let c = 0; c < decodings; c++) tiled.set(block, c * rows * dim);
    jobs.push({ z: tiled, seed: validityJobSeed(seed, jobs.length) });
  }
  const decoded = (await pool.decode(jobs, { stochastic: true, ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }) })).flat();
  const space = options.space ?? ENAS6;
  const training = new Set(
    trainGraphs.map((g, i) => {
      try {
        return space.key(g);
      } catch (error) {
        throw new TrainError(`@opnas/train: training graph ${i} has no ${space.name} key: ${(error as Error).message}`);
      }
    }),
  );
  // ENAS's reference validity ignores the vertex count, which ENAS6 checks last
  const relaxable = space.rules.at(-1) === 'vertex-count';
  let valid = 0;
  let valid8 = 0;
  let known = 0;
  const keys = new Set<string>();
  for (const g of decoded) {
    const check = space.check(g);
    if (!check.valid && !(relaxable && check.rule === 'vertex-count')) continue;
    valid++;
    if (check.valid) valid8++;
    const key = space.key(g);
    keys.add(key);
    if (training.has(key)) known++;
  }
  const total = decoded.length;
  return {
    validity: valid / total,
    validity8: valid8 / total,
    uniqueness: valid === 0 ? 0 : keys.size / valid,
    novelty: valid === 0 ? 0 : 1 - known / valid,
    decodings: total,
    valid,
  };
}
