import type { RowMajorMatrix } from './row-major-matrix.js';

/** A predictive distribution at a set of inputs: Gaussian marginals, one per row. */
export interface Prediction {
  readonly mean: Float64Array;
  /** Predictive variance of an observation (noise included, as protocol §6.7 evaluates it). */
  readonly variance: Float64Array;
}

/**
 * What Bayesian optimisation needs from a surrogate: fit on (X, y), then predict. The sparse
 * GP implements it; another regressor (a full GP, an ensemble) can be plugged into BO through
 * the same two methods. Targets are whatever scale the caller chose (opnas passes the
 * standardised negated accuracy of protocol §1.7).
 */
export interface Predictor {
  fit(x: RowMajorMatrix, y: ArrayLike<number>): Promise<unknown>;
  predict(x: RowMajorMatrix): Prediction;
  /**
   * Optional: the prediction with ∂mean/∂x and ∂variance/∂x (row-major rows × D), for
   * gradient-based acquisition optimisers. Surrogates without it get finite differences.
   */
  predictWithGradient?(x: RowMajorMatrix): Prediction & { readonly meanGradient: Float64Array; readonly varianceGradient: Float64Array };
}
