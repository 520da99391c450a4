import { type Prediction, type RowMajorMatrix, SgpParameters, SparseGp, type SparseGpOptions } from '@opnas/sgp';
import type { SparseGpPosterior } from './gp-surface.js';
import { sparseGpPosterior } from './sparse-gp-posterior.js';

/** A predictor fitted for one BO round: test predictions plus the posterior acquisition needs. */
export interface FittedPredictor {
  predict(x: RowMajorMatrix): Prediction;
  readonly posterior: SparseGpPosterior;
  /** The fitted parameters as one flat vector, for a warm start of the next round's fit (optional). */
  readonly parameters?: Float64Array;
}

/** Which round a fit is for (so fits can be seeded reproducibly). */
export interface FitContext {
  readonly seed: number;
  readonly round: number;
  readonly signal?: AbortSignal;
  /**
   * With `runBayesOpt`'s `warmStart`, the `parameters` of this seed's previous round's fit (from
   * the second round on): the fit may start from them instead of from scratch.
   */
  readonly warmStart?: Float64Array;
}

/** Options of {@link sgpFitter}. */
export interface SgpFitterOptions extends Omit<SparseGpOptions, 'seed' | 'resumeFrom' | 'onCheckpoint' | 'signal' | 'initialParameters'> {
  /** Adam epochs of a warm-started fit (one given `FitContext.warmStart`). Default: `epochs`. */
  readonly warmStartEpochs?: number;
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
 * exactly. M is capped at the number of training points. Given a `FitContext.warmStart` (BO's
 * `warmStart` option) the fit starts from the previous round's parameters instead, for
 * `warmStartEpochs` epochs; without one it is the reference's fit from scratch.
 */
export function sgpFitter(options: SgpFitterOptions = {}): FitPredictor {
  const { warmStartEpochs, ...sgp } = options;
  return async (x, y, { seed, round, signal, warmStart }) => {
    const inducingPoints = Math.min(sgp.inducingPoints ?? 500, x.rows);
    // a warm start needs the previous fit's M (it can only differ while M is capped by a tiny N)
    const warm = warmStart !== undefined && warmStart.length === SgpParameters.size(inducingPoints, x.cols) ? warmStart : undefined;
    const gp = new SparseGp({
      ...sgp,
      inducingPoints,
      seed: sgpFitSeed(seed, round),
      ...(warm === undefined ? {} : { initialParameters: warm, epochs: warmStartEpochs ?? sgp.epochs ?? 100 }),
      ...(signal === undefined ? {} : { signal }),
    });
    await gp.fit(x, y);
    return { predict: (q) => gp.predict(q), posterior: sparseGpPosterior(gp, { jitter: sgp.jitter ?? 1e-3 }), parameters: gp.parameters.values };
  };
}
