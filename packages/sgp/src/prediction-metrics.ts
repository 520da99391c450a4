import { SgpArgumentError } from './errors.js';
import type { Prediction } from './predictor.js';
import { type CorrelationResult, MetricsError, type TargetStatistics, denormaliseTargets, kendallTauB, pearson, spearman } from '@opnas/metrics';

/** The scale metrics are computed on. */
export type MetricScale =
  /** Standardised negated accuracy (protocol §1.7), where Table 2's numbers live. */
  | 'standardised-negated-accuracy'
  /** Raw accuracy (fractions, e.g. 0.736). */
  | 'accuracy';

/** Predictive quality on a test set (protocol §6.7, plus rank correlations). */
export interface PredictionMetrics {
  readonly scale: MetricScale;
  readonly count: number;
  /** √mean((pred − y)²). */
  readonly rmse: number;
  /** mean log N(y; pred, var), the variance including noise. */
  readonly testLogLikelihood: number;
  /** Pearson correlation of pred and y. */
  readonly pearson: number;
  /** Spearman's ρ, ties averaged. */
  readonly spearman: number;
  /** Kendall's τ-b. */
  readonly kendallTau: number;
}

/** Root mean squared error. */
export function rootMeanSquaredError(prediction: ArrayLike<number>, target: ArrayLike<number>): number {
  sameLength(prediction, target);
  let s = 0;
  for (let i = 0; i < target.length; i++) s += (prediction[i]! - target[i]!) ** 2;
  return Math.sqrt(s / target.length);
}

/** mean log N(target_i; mean_i, variance_i) (protocol §6.7's "test ll"). */
export function meanLogLikelihood(mean: ArrayLike<number>, variance: ArrayLike<number>, target: ArrayLike<number>): number {
  sameLength(mean, target);
  sameLength(variance, target);
  let s = 0;
  for (let i = 0; i < target.length; i++) {
    const v = variance[i]!;
    s += -0.5 * Math.log(2 * Math.PI * v) - (mean[i]! - target[i]!) ** 2 / (2 * v);
  }
  return s / target.length;
}

/** Options of `accuracyPredictionMetrics`. */
export interface AccuracyMetricsOptions {
  /** Default 'standardised-negated-accuracy' (protocol §1.7, Table 2). */
  readonly scale?: MetricScale;
}

/**
 * Metrics of a prediction made on the standardised negated scale against raw test
 * accuracies. By default the accuracies are mapped onto the prediction's scale (Table 2's
 * protocol); with `scale: 'accuracy'` the prediction is mapped back instead (mean → −(μ·sd +
 * mean), variance → var·sd²), so RMSE is in accuracy units and the log-likelihood is a density
 * over accuracy. Correlations are the same on both scales.
 */
export function accuracyPredictionMetrics(
  prediction: Prediction,
  testAccuracy: ArrayLike<number>,
  normalisation: TargetStatistics,
  options: AccuracyMetricsOptions = {},
): PredictionMetrics {
  const scale = options.scale ?? 'standardised-negated-accuracy';
  if (prediction.mean.length !== testAccuracy.length) {
    throw new SgpArgumentError(`@opnas/sgp: prediction has ${prediction.mean.length} rows but testAccuracy has ${testAccuracy.length}`, 'testAccuracy');
  }
  if (scale === 'accuracy') {
    const mean = denormaliseTargets(prediction.mean, normalisation);
    const sd2 = normalisation.sd * normalisation.sd;
    const variance = prediction.variance.map((v) => v * sd2);
    return predictionMetrics({ mean, variance }, testAccuracy, scale);
  }
  const target = new Float64Array(testAccuracy.length);
  for (let i = 0; i < target.length; i++) target[i] = (-testAccuracy[i]! - normalisation.mean) / normalisation.sd;
  return predictionMetrics(prediction, target, scale);
}

/** All metrics of `prediction` against `target`, both already on the scale named by `scale`. */
export function predictionMetrics(prediction: Prediction, target: ArrayLike<number>, scale: MetricScale): PredictionMetrics {
  if (target.length === 0) throw new SgpArgumentError('@opnas/sgp: target is empty', 'target');
  return {
    scale,
    count: target.length,
    rmse: rootMeanSquaredError(prediction.mean, target),
    testLogLikelihood: meanLogLikelihood(prediction.mean, prediction.variance, target),
    pearson: correlation(pearson, prediction.mean, target),
    spearman: correlation(spearman, prediction.mean, target),
    kendallTau: correlation(kendallTauB, prediction.mean, target),
  };
}

/**
 * A correlation of predictions with targets; NaN when the predictions (or targets) are constant,
 * where no correlation is defined — a constant predictor is a legitimate baseline to score.
 */
function correlation(f: (a: ArrayLike<number>, b: ArrayLike<number>) => CorrelationResult, a: ArrayLike<number>, b: ArrayLike<number>): number {
  try {
    return f(a, b).coefficient;
  } catch (error) {
    if (error instanceof MetricsError && error.code === 'constant-input') return Number.NaN;
    throw error;
  }
}

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new SgpArgumentError(`@opnas/sgp: metric inputs differ in length (${a.length} and ${b.length})`, 'target');
  }
}
