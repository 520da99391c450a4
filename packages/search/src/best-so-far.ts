import type { SearchStepRecord } from './search-log.js';

/** One seed's best-so-far curve. */
export interface BestSoFarCurve {
  readonly seed: number;
  /** Entry k: the best accuracy among the first k + 1 queries (null before the first scored one). */
  readonly best: (number | null)[];
}

/**
 * Best accuracy found against the number of queries, per seed — the curve NAS papers plot
 * (and regret is `optimum − best`). Works on the steps of any search run or log.
 */
export function bestSoFarCurves(run: { readonly steps: readonly SearchStepRecord[] }): BestSoFarCurve[] {
  const bySeed = new Map<number, (number | null)[]>();
  for (const s of [...run.steps].sort((a, b) => a.seed - b.seed || a.step - b.step)) {
    const curve = bySeed.get(s.seed) ?? [];
    bySeed.set(s.seed, curve);
    for (const o of s.outcomes) {
      const last = curve.at(-1) ?? null;
      const a = o.status === 'scored' ? o.accuracy! : null;
      curve.push(a === null ? last : last === null ? a : Math.max(last, a));
    }
  }
  return [...bySeed].map(([seed, best]) => ({ seed, best }));
}
