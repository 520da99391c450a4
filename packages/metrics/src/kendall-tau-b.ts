import { complementaryErrorFunction } from './complementary-error-function.js';
import { checkPairs, constantInput, type CorrelationResult } from './correlation-input.js';

/** Tie statistics of one variable: Σ t(t−1)/2, Σ t(t−1)(t−2), Σ t(t−1)(2t+5) over tie groups of size t. */
function tieStatistics(sorted: ArrayLike<number>): [pairs: number, v0: number, v1: number] {
  let pairs = 0;
  let v0 = 0;
  let v1 = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end++;
    const t = end - start;
    pairs += (t * (t - 1)) / 2;
    v0 += t * (t - 1) * (t - 2);
    v1 += t * (t - 1) * (2 * t + 5);
    start = end;
  }
  return [pairs, v0, v1];
}

/** Number of pairs i < j with a[i] > a[j], by merge sort (sorts `a` in place). */
function countInversions(a: Float64Array): number {
  const buffer = new Float64Array(a.length);
  let inversions = 0;
  for (let width = 1; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length - width; lo += 2 * width) {
      const mid = lo + width;
      const hi = Math.min(lo + 2 * width, a.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (a[j]! < a[i]!) {
          inversions += mid - i;
          buffer[k++] = a[j++]!;
        } else buffer[k++] = a[i++]!;
      }
      while (i < mid) buffer[k++] = a[i++]!;
      while (j < hi) buffer[k++] = a[j++]!;
      a.set(buffer.subarray(lo, hi), lo);
    }
  }
  return inversions;
}

/**
 * Kendall's τ-b (ties corrected) in O(n log n) by Knight's method, with scipy `kendalltau`'s
 * asymptotic two-sided p-value (normal approximation with tie-corrected variance). scipy uses an
 * exact p-value instead only for tie-free samples of at most 33 pairs; that case is not offered.
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): CorrelationResult {
  const n = checkPairs('kendallTauB', x, y);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const xs = Float64Array.from(order, (i) => x[i]!);
  const ys = Float64Array.from(order, (i) => y[i]!);
  // Pairs tied in both variables are adjacent after the lexicographic sort.
  let jointTies = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && xs[end] === xs[start] && ys[end] === ys[start]) end++;
    jointTies += ((end - start) * (end - start - 1)) / 2;
    start = end;
  }
  const [xTies, x0, x1] = tieStatistics(xs);
  // Within a run of equal x, y ascends, so inversions are exactly the discordant pairs.
  const discordant = countInversions(ys);
  const [yTies, y0, y1] = tieStatistics(ys);
  const total = (n * (n - 1)) / 2;
  if (total === xTies) constantInput('kendallTauB', 'x');
  if (total === yTies) constantInput('kendallTauB', 'y');
  const concordantMinusDiscordant = total - xTies - yTies + jointTies - 2 * discordant;
  const tau = concordantMinusDiscordant / Math.sqrt(total - xTies) / Math.sqrt(total - yTies);
  const m = n * (n - 1);
  const variance = (m * (2 * n + 5) - x1 - y1) / 18 + (2 * xTies * yTies) / m + (x0 * y0) / (9 * m * (n - 2));
  const z = concordantMinusDiscordant / Math.sqrt(variance);
  return { coefficient: Math.max(-1, Math.min(1, tau)), pValue: Math.min(1, complementaryErrorFunction(Math.abs(z) / Math.SQRT2)), n };
}
