import { type SgpParameters, type SparseGp, sgpPredictiveState } from '@opnas/sgp';
import type { SparseGpPosterior } from './gp-surface.js';

/** Options of {@link sparseGpPosterior}. */
export interface SparseGpPosteriorOptions {
  /** Relative jitter on k(Z, Z), as in the fit. Default 1e-3. */
  readonly jitter?: number;
  /** Threads for `sgpPredictiveState`. Default 1. */
  readonly threads?: number;
}

/**
 * The acquisition-side view of a fitted `@opnas/sgp` model: its kernel hyperparameters, Z, and
 * the predictive state {a = K⁻¹m, Φ} of protocol §6.4 with c = 0 (from `sgpPredictiveState`).
 * Accepts a fitted `SparseGp` or its `SgpParameters`.
 */
export function sparseGpPosterior(model: SparseGp | SgpParameters, options: SparseGpPosteriorOptions = {}): SparseGpPosterior {
  const parameters = 'values' in model ? model : model.parameters;
  const jitter = options.jitter ?? 1e-3;
  const state = sgpPredictiveState(parameters, { jitter, threads: options.threads ?? 1 });
  return {
    dim: parameters.dim,
    inducingCount: parameters.inducingCount,
    inducing: Float64Array.from(parameters.z),
    logLengthscales: Float64Array.from(parameters.logLengthscales),
    logSignalVariance: parameters.logSignalVariance,
    meanWeights: state.a,
    varianceWeights: state.phi,
    jitter,
  };
}
