import { averageRanks } from './average-ranks.js';
import { checkPairs, constantInput, type CorrelationResult } from './correlation-input.js';
import { correlationPValue, pearson } from './pearson.js';

/**
 * Spearman's rank correlation: Pearson's r of the average ranks (ties share their mean rank),
 * with scipy `spearmanr`'s p-value (t-test with n − 2 degrees of freedom).
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const n = checkPairs('spearman', x, y);
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  if (rx.every((r) => r === rx[0])) constantInput('spearman', 'x');
  if (ry.every((r) => r === ry[0])) constantInput('spearman', 'y');
  const { coefficient } = pearson(rx, ry);
  return { coefficient, pValue: correlationPValue(coefficient, n), n };
}
