import type { NearestNeighbours } from './nearest-neighbours.js';

/** Options of {@link conditionalProbabilities}. */
export interface PerplexityCalibrationOptions {
  /** Target perplexity of each row's distribution (default 30, protocol §9). */
  readonly perplexity?: number;
  /** Stop when |entropy − log(perplexity)| is at most this (default 1e-5, scikit-learn's). */
  readonly tolerance?: number;
  /** Bisection steps per row (default 100, scikit-learn's). */
  readonly maxSteps?: number;
}

/**
 * Conditional probabilities `p_{j|i} ∝ exp(−β_i · d²_ij)` over each row's k nearest neighbours,
 * with β_i found by bisection so that the entropy (nats) equals `log(perplexity)` — scikit-learn's
 * `_binary_search_perplexity`, step for step (β starts at 1; doubles or halves until bracketed).
 * Returns row-major `rows × k` probabilities aligned with `neighbours.indices`.
 */
export function conditionalProbabilities(neighbours: NearestNeighbours, options: PerplexityCalibrationOptions = {}): Float64Array {
  const { rows, k, squaredDistances } = neighbours;
  const desiredEntropy = Math.log(options.perplexity ?? 30);
  const tolerance = options.tolerance ?? 1e-5;
  const maxSteps = options.maxSteps ?? 100;
  const p = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    let beta = 1;
    let betaMin = -Infinity;
    let betaMax = Infinity;
    for (let step = 0; step < maxSteps; step++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        const v = Math.exp(-squaredDistances[base + a]! * beta);
        p[base + a] = v;
        sum += v;
      }
      if (sum === 0) sum = 1e-8;
      let weightedDistance = 0;
      for (let a = 0; a < k; a++) {
        p[base + a]! /= sum;
        weightedDistance += squaredDistances[base + a]! * p[base + a]!;
      }
      const entropyDiff = Math.log(sum) + beta * weightedDistance - desiredEntropy;
      if (Math.abs(entropyDiff) <= tolerance) break;
      if (entropyDiff > 0) {
        betaMin = beta;
        beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
      } else {
        betaMax = beta;
        beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
      }
    }
  }
  return p;
}
