import { regularisedIncompleteBeta } from './regularised-incomplete-beta.js';
import { checkPairs, constantInput, type CorrelationResult } from './correlation-input.js';

/**
 * Two-sided p-value of a correlation r from n pairs under the t-test with n − 2 degrees of
 * freedom: `P(|T| ≥ |t|) = I_{1−r²}((n−2)/2, 1/2)`, the closed form scipy's `pearsonr` evaluates
 * through its beta distribution.
 */
export function correlationPValue(r: number, n: number): number {
  const df = n - 2;
  const oneMinusR2 = Math.max(0, 1 - r * r);
  if (oneMinusR2 === 0) return 0;
  return Math.min(1, regularisedIncompleteBeta(oneMinusR2, df / 2, 0.5));
}

/**
 * Pearson's product-moment correlation with its p-value (scipy `pearsonr`), computed in two
 * passes around the means so that small differences of large values (accuracies near 0.73) lose
 * no precision. Throws if either input is constant.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const n = checkPairs('pearson', x, y);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0) constantInput('pearson', 'x');
  if (syy === 0) constantInput('pearson', 'y');
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return { coefficient: r, pValue: correlationPValue(r, n), n };
}
