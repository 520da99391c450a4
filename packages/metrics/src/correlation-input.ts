import { MetricsError } from './errors.js';

/** A correlation coefficient with its two-sided p-value (null hypothesis: no association). */
export interface CorrelationResult {
  /** The coefficient, in [−1, 1]. */
  readonly coefficient: number;
  /** Two-sided p-value, as scipy.stats computes it (see each function). */
  readonly pValue: number;
  /** Number of pairs. */
  readonly n: number;
}

/** Reject what no correlation can be computed on: different lengths, fewer than 3 pairs, non-finite values. */
export function checkPairs(fn: string, x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new MetricsError(`@opnas/metrics: ${fn}: x has ${x.length} values but y has ${y.length}`);
  if (x.length < 3) throw new MetricsError(`@opnas/metrics: ${fn}: need at least 3 pairs, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new MetricsError(`@opnas/metrics: ${fn}: x[${i}] is ${x[i]}, not a finite number`);
    if (!Number.isFinite(y[i]!)) throw new MetricsError(`@opnas/metrics: ${fn}: y[${i}] is ${y[i]}, not a finite number`);
  }
  return x.length;
}

/** A constant input has no correlation; we throw rather than return NaN (scipy warns and returns NaN). */
export function constantInput(fn: string, which: 'x' | 'y'): never {
  throw new MetricsError(`@opnas/metrics: ${fn}: ${which} is constant, so the correlation is undefined`, 'constant-input');
}
