import { type Prediction, type RowMajorMatrix, SparseGp, type SparseGpOptions } from '@opnas/sgp';
import type { SparseGpPosterior } from './gp-surface.js';
import { sparseGpPosterior } from './sparse-gp-posterior.js';

/** A predictor fitted for one BO round: test predictions plus the posterior acquisition needs. */
export interface FittedPredictor {
  predict(x: RowMajorMatrix): Prediction;
  readonly posterior: SparseGpPosterior;
}

/** Which round a fit is for (so fits can be seeded reproducibly). */
export interface FitContext {
  readonly seed: number;
  readonly round: number;
  readonly signal?: AbortSignal;
}

/**
 * Refits the predictor on the current data (protocol §7.2 a: a new model, from scratch, every round).
 * `y` is on the standardised negated scale of protocol §1.7.
 */
export type FitPredictor = (x: RowMajorMatrix, y: Float64Array, context: FitContext) => Promise<FittedPredictor>;

/** The SGP fit's seed for a BO seed and round: distinct per round, identical on resume. */
export const sgpFitSeed = (seed: number, round: number): number => seed * 1000 + round;

/**
 * The reference's predictor: a new `SparseGp` (M = 500, 100 epochs, Adam 5e-4 — protocol §6.6) per
 * round, seeded with {@link sgpFitSeed}. The reference seeds numpy once per BO seed and lets the
 * stream run on through the rounds; here each fit has its own seed so that a resumed run refits
 * exactly. M is capped at the number of training points.
 */
export function sgpFitter(options: Omit<SparseGpOptions, 'seed' | 'resumeFrom' | 'onCheckpoint' | 'signal'> = {}): FitPredictor {
  return async (x, y, { seed, round, signal }) => {
    const gp = new SparseGp({
      ...options,
      inducingPoints: Math.min(options.inducingPoints ?? 500, x.rows),
      seed: sgpFitSeed(seed, round),
      ...(signal === undefined ? {} : { signal }),
    });
    await gp.fit(x, y);
    return { predict: (q) => gp.predict(q), posterior: sparseGpPosterior(gp, { jitter: options.jitter ?? 1e-3 }) };
  };
}
