import { GraphStatsError } from './errors.js';

/**
 * What a statistic returns when it is undefined for a graph (igraph would return NaN): `'zero'`
 * returns 0, `'throw'` throws a {@link GraphStatsError}. We never return NaN, because one NaN
 * silently turns a whole correlation or group mean into NaN.
 */
export type DegenerateRule = 'zero' | 'throw';

export function degenerate(rule: DegenerateRule, message: string): number {
  if (rule === 'throw') throw new GraphStatsError(message);
  return 0;
}
