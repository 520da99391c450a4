import type { Dag } from '@opnas/dag';
import { priorValidity } from './prior-validity.js';
import type { PriorValidityOptions, PriorValidityResult } from './prior-validity.js';
import { reconstructionAccuracy } from './reconstruction-accuracy.js';
import type { ReconstructionOptions, ReconstructionResult } from './reconstruction-accuracy.js';
import type { WorkerPool } from './worker-pool.js';

/** Table 1's metrics of one model (protocol §5), fractions in [0, 1]. */
export interface VaeEvaluation {
  readonly reconstruction: number;
  readonly validity: number;
  readonly validity8: number;
  readonly uniqueness: number;
  readonly novelty: number;
  /** Mean teacher-forced NLL per test graph at z = μ. */
  readonly testNll: number;
}

/** Which evaluation stage is running, for progress reports. */
export type EvaluationStage = 'reconstruction' | 'train-means' | 'validity';

/** Options of {@link evaluateModel}. */
export interface EvaluateModelOptions {
  readonly reconstruction?: Omit<ReconstructionOptions, 'onProgress'>;
  readonly validity?: Omit<PriorValidityOptions, 'onProgress'>;
  /** Training means, if already computed (else they are encoded here). */
  readonly trainMu?: Float32Array;
  readonly onProgress?: (stage: EvaluationStage, done: number, total: number) => void;
}

/** {@link evaluateModel}'s result: the metrics and the counts behind them. */
export interface EvaluationReport {
  readonly metrics: VaeEvaluation;
  readonly reconstruction: ReconstructionResult;
  readonly validity: PriorValidityResult;
  readonly seconds: { readonly reconstruction: number; readonly trainMeans: number; readonly validity: number };
}

/**
 * The paper's VAE evaluation (protocol §5) on a pool that holds the model: reconstruction accuracy
 * and test NLL on `test`, then validity, uniqueness and novelty from points scaled to the
 * training means of `train`.
 */
export async function evaluateModel(
  pool: WorkerPool,
  splits: { readonly train: readonly Dag[]; readonly test: readonly Dag[] },
  options: EvaluateModelOptions = {},
): Promise<EvaluationReport> {
  const progress = (stage: EvaluationStage) => (done: number, total: number) => options.onProgress?.(stage, done, total);
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const seconds = (now - t) / 1000;
    t = now;
    return seconds;
  };
  const reconstruction = await reconstructionAccuracy(pool, splits.test, { ...options.reconstruction, onProgress: progress('reconstruction') });
  const reconstructionSeconds = lap();
  const trainMu = options.trainMu ?? (await pool.encode(splits.train, { onProgress: progress('train-means') })).mu;
  const trainMeansSeconds = lap();
  const dim = trainMu.length / splits.train.length;
  const validity = await priorValidity(pool, trainMu, dim, splits.train, { ...options.validity, onProgress: progress('validity') });
  const validitySeconds = lap();
  return {
    metrics: {
      reconstruction: reconstruction.accuracy,
      validity: validity.validity,
      validity8: validity.validity8,
      uniqueness: validity.uniqueness,
      novelty: validity.novelty,
      testNll: reconstruction.nll,
    },
    reconstruction,
    validity,
    seconds: { reconstruction: reconstructionSeconds, trainMeans: trainMeansSeconds, validity: validitySeconds },
  };
}
