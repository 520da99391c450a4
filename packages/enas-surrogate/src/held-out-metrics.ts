import { kendallTauB, pearson, spearman } from '@opnas/metrics';
import { SurrogateArgumentError } from './errors.js';
import type { HeldOutMetrics } from './surrogate-file.js';

/** RMSE, Pearson, Spearman and Kendall τ-b of predictions against true accuracies (`@opnas/metrics`). */
export function heldOutMetrics(predicted: ArrayLike<number>, truth: ArrayLike<number>, fitted: { readonly count: number; readonly mean: number }): HeldOutMetrics {
  const n = truth.length;
  if (predicted.length !== n || n < 3)
    throw new SurrogateArgumentError(`@opnas/enas-surrogate: need ≥ 3 predictions matching the targets, got ${predicted.length} and ${n}`, 'predicted');
  let se = 0;
  let ce = 0;
  for (let i = 0; i < n; i++) {
    se += (predicted[i]! - truth[i]!) ** 2;
    ce += (fitted.mean - truth[i]!) ** 2;
  }
  const p = Array.from(predicted);
  const t = Array.from(truth);
  return {
    fitted: fitted.count,
    heldOut: n,
    rmse: Math.sqrt(se / n),
    pearson: pearson(p, t).coefficient,
    spearman: spearman(p, t).coefficient,
    kendallTau: kendallTauB(p, t).coefficient,
    constantRmse: Math.sqrt(ce / n),
  };
}
