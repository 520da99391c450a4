import { MetricsError } from './errors.js';

/** Mean and population standard deviation of the training targets. */
export interface TargetStatistics {
  readonly mean: number;
  readonly sd: number;
}

/** Mean and population sd (numpy's ddof = 0). Empty or non-finite input is an error. */
export function populationStatistics(values: ArrayLike<number>): TargetStatistics {
  const n = values.length;
  if (n === 0) throw new MetricsError('@opnas/metrics: statistics of an empty list');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i]!)) throw new MetricsError(`@opnas/metrics: value ${i} is ${values[i]}, not a finite number`);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / n) };
}

/**
 * The GP/BO target scale of protocol §1.7: `y = −accuracy`, standardised with the **training**
 * mean and population sd. Returns the statistics of `−trainAccuracy` so test targets and BO
 * scores can use the same scale.
 */
export function targetStatistics(trainAccuracy: ArrayLike<number>): TargetStatistics {
  const negated = Float64Array.from({ length: trainAccuracy.length }, (_, i) => -trainAccuracy[i]!);
  const stats = populationStatistics(negated);
  if (!(stats.sd > 0)) throw new MetricsError('@opnas/metrics: training accuracies have zero variance; targets cannot be standardised');
  return stats;
}

/** Accuracies → standardised negated targets `(−acc − mean) / sd`. */
export function normaliseTargets(accuracy: ArrayLike<number>, stats: TargetStatistics): Float64Array {
  return Float64Array.from({ length: accuracy.length }, (_, i) => (-accuracy[i]! - stats.mean) / stats.sd);
}

/** Standardised targets → accuracies (the inverse of {@link normaliseTargets}). */
export function denormaliseTargets(targets: ArrayLike<number>, stats: TargetStatistics): Float64Array {
  return Float64Array.from({ length: targets.length }, (_, i) => -(targets[i]! * stats.sd + stats.mean));
}
