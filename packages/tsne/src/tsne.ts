import { nonNegativeInteger, positiveInteger } from '@opnas/errors';
import { PythonRandom } from '@opnas/rng';
import { TsneError } from './errors.js';
import { toMatrix, type TsneInput } from './input-matrix.js';
import { jointProbabilities } from './joint-probabilities.js';
import { klGradient } from './kl-gradient.js';
import { nearestNeighbours } from './nearest-neighbours.js';
import { conditionalProbabilities } from './perplexity-calibration.js';

/** Progress of a {@link tsne} run. */
export type TsneProgress =
  | { readonly phase: 'neighbours'; readonly done: number; readonly total: number }
  | { readonly phase: 'optimise'; readonly iteration: number; readonly total: number; readonly klDivergence: number; readonly gradientNorm: number };

/**
 * Options of {@link tsne}. Defaults are protocol §9's: scikit-learn's `TSNE(n_components=2)` of
 * versions 0.20–1.1 (Barnes–Hut, random init), not the later `learning_rate='auto'`/`init='pca'`.
 */
export interface TsneOptions {
  /** Perplexity, the effective number of neighbours (default 30). */
  readonly perplexity?: number;
  /** Factor on P during the first `explorationIterations` (default 12). */
  readonly earlyExaggeration?: number;
  /** Gradient-descent step (default 200). */
  readonly learningRate?: number;
  /** Total iterations, exploration included (default 1000). */
  readonly iterations?: number;
  /** Iterations with exaggerated P and momentum 0.5 (default 250, scikit-learn's `_EXPLORATION_N_ITER`). */
  readonly explorationIterations?: number;
  /** Stop after this many iterations without a lower KL at the checks (default 300; 250 during exploration, as scikit-learn). */
  readonly iterationsWithoutProgress?: number;
  /** Stop when the gradient norm falls to this (default 1e-7). */
  readonly minGradientNorm?: number;
  /** Barnes–Hut trade-off θ: cells narrower than θ × distance are summarised (default 0.5; 0 is exact for the sparse P). */
  readonly angle?: number;
  /** Seed of the random initialisation `1e-4 · N(0, 1)` (default 0). The reference was unseeded. */
  readonly seed?: number;
  /** Called during the neighbour search (every 256 rows) and at every KL check (every 50 iterations). */
  readonly onProgress?: (progress: TsneProgress) => void;
}

/** What {@link tsne} returns. */
export interface TsneResult {
  /** Row-major `rows × 2` embedding. */
  readonly embedding: Float64Array;
  /** KL(P‖Q) at the last iteration (unexaggerated P). */
  readonly klDivergence: number;
  /** Iterations run (fewer than asked if a stopping rule fired). */
  readonly iterations: number;
}

const CHECK_EVERY = 50;

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new TsneError(`@opnas/tsne: tsne: options.${name} must be a positive number, got ${value}`);
  return value;
}

/**
 * Embed points in 2-D with Barnes–Hut t-SNE (van der Maaten 2014) as scikit-learn does it:
 * exact k = ⌊3·perplexity⌋ + 1 nearest neighbours, per-point bisection to the perplexity,
 * symmetrised sparse P, random init `1e-4·N(0,1)`, and gradient descent with momentum
 * 0.5 → 0.8, per-coordinate gains (+0.2 / ×0.8, min 0.01), early exaggeration for the first
 * 250 iterations, and KL checks every 50 iterations. Deterministic for a given seed.
 */
export function tsne(input: TsneInput, options: TsneOptions = {}): TsneResult {
  const { rows, cols, data } = toMatrix(input, 'tsne');
  const perplexity = positive('perplexity', options.perplexity ?? 30);
  const exaggeration = positive('earlyExaggeration', options.earlyExaggeration ?? 12);
  const learningRate = positive('learningRate', options.learningRate ?? 200);
  const iterations = options.iterations ?? 1000;
  const exploration = options.explorationIterations ?? 250;
  const angle = options.angle ?? 0.5;
  const minGradNorm = options.minGradientNorm ?? 1e-7;
  const withoutProgress = options.iterationsWithoutProgress ?? 300;
  const invalidOption = (message: string) => new TsneError(`@opnas/tsne: tsne: options.${message}`);
  positiveInteger(iterations, 'iterations', invalidOption);
  nonNegativeInteger(exploration, 'explorationIterations', invalidOption);
  if (!(angle >= 0 && angle <= 1)) throw new TsneError(`@opnas/tsne: tsne: options.angle must be in [0, 1], got ${angle}`);
  if (rows < 2) throw new TsneError(`@opnas/tsne: tsne: need at least 2 points, got ${rows}`);
  if (perplexity >= rows) throw new TsneError(`@opnas/tsne: tsne: options.perplexity (${perplexity}) must be less than the number of points (${rows})`);
  const onProgress = options.onProgress;

  const k = Math.min(rows - 1, Math.floor(3 * perplexity + 1));
  const neighbours = nearestNeighbours(
    data,
    rows,
    cols,
    k,
    onProgress &&
      ((row) => {
        if (row % 256 === 255 || row === rows - 1) onProgress({ phase: 'neighbours', done: row + 1, total: rows });
      }),
  );
  const p = jointProbabilities(neighbours, conditionalProbabilities(neighbours, { perplexity }));

  const random = new PythonRandom(options.seed ?? 0);
  const y = new Float64Array(2 * rows);
  for (let e = 0; e < y.length; e++) y[e] = 1e-4 * random.gauss(0, 1);

  const values = p.values;
  for (let e = 0; e < values.length; e++) values[e]! *= exaggeration;
  const gradient = new Float64Array(2 * rows);
  let iteration = 0;
  // scikit-learn runs two separate descents (exploration, then the rest); each starts with
  // zero velocity, unit gains and no best error.
  const descend = (from: number, to: number, momentum: number, patience: number): void => {
    const update = new Float64Array(2 * rows);
    const gains = new Float64Array(2 * rows).fill(1);
    let bestError = Infinity;
    let bestIteration = from;
    for (let i = from; i < to; i++) {
      const check = (i + 1) % CHECK_EVERY === 0;
      const { error } = klGradient(y, p, angle, check || i === iterations - 1, gradient);
      let norm = 0;
      for (let e = 0; e < gradient.length; e++) {
        const g = gradient[e]!;
        norm += g * g;
        const u = update[e]!;
        const gain = u * g < 0 ? gains[e]! + 0.2 : Math.max(gains[e]! * 0.8, 0.01);
        gains[e] = gain;
        const step = momentum * u - learningRate * g * gain;
        update[e] = step;
        y[e]! += step;
      }
      norm = Math.sqrt(norm);
      iteration = i + 1;
      if (check) {
        onProgress?.({ phase: 'optimise', iteration: i + 1, total: iterations, klDivergence: error!, gradientNorm: norm });
        if (error! < bestError) {
          bestError = error!;
          bestIteration = i;
        } else if (i - bestIteration > patience) return;
        if (norm <= minGradNorm) return;
      }
    }
  };
  descend(0, Math.min(exploration, iterations), 0.5, Math.min(exploration, withoutProgress));
  for (let e = 0; e < values.length; e++) values[e]! /= exaggeration;
  if (iteration < iterations) descend(iteration, iterations, 0.8, withoutProgress);
  // KL(P‖Q) of the final embedding with the unexaggerated P (one extra gradient pass).
  const final = klGradient(y, p, angle, true, gradient).error!;
  return { embedding: y, klDivergence: final, iterations: iteration };
}
