import type { PythonRandom } from '@opnas/rng';

/**
 * A vertex type from a row of logits: a draw from their softmax (one uniform number, inverse
 * CDF in type order, as `np.random.choice` draws) or, with `stochastic = false`, the argmax.
 */
export function chooseType(logits: ArrayLike<number>, offset: number, typeCount: number, stochastic: boolean, random: PythonRandom): number {
  let max = -Infinity;
  let best = 0;
  for (let c = 0; c < typeCount; c++) {
    const v = logits[offset + c]!;
    if (v > max) {
      max = v;
      best = c;
    }
  }
  if (!stochastic) return best;
  const weights = new Array<number>(typeCount);
  let total = 0;
  for (let c = 0; c < typeCount; c++) total += weights[c] = Math.exp(logits[offset + c]! - max);
  let u = random.random() * total;
  for (let c = 0; c < typeCount; c++) {
    u -= weights[c]!;
    if (u < 0) return c;
  }
  return typeCount - 1;
}
