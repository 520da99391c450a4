import { PythonRandom } from '@opnas/rng';
import type { BoProblem } from './bayesian-optimisation.js';
import type { Evaluation, Evaluator } from './evaluator.js';
import type { DecodedGraph, LatentDecoder } from './latent-decoding.js';
import type { FitPredictor } from './predictor-fit.js';
import { exactGpPosterior, seKernel } from './synthetic-posterior.test-util.js';

const frac = (v: number) => v - Math.floor(v);

/** A deterministic latent point → ENAS architecture map (the stand-in for a trained decoder). */
export function architectureOf(p: ArrayLike<number>): string {
  const out: number[] = [];
  for (let i = 0; i < 6; i++) {
    out.push(Math.floor(frac(p[0]! * 2.3 + p[1]! * 0.9 * (i + 1) + p[2]! * 0.7 * i) * 6));
    for (let j = 0; j < i; j++) out.push(frac(p[1]! * (1.5 + 0.3 * i + 0.2 * j) + p[2]! * 1.1) > 0.5 ? 1 : 0);
  }
  return out.join(' ');
}

/**
 * A stochastic-looking but deterministic decoder: attempt k of a point returns garbage when
 * (k + seed) % 3 = 0, a 7-vertex graph when = 1 and the point's architecture otherwise; points
 * with p[0] < 0.08 never decode to anything valid.
 */
export const syntheticDecoder: LatentDecoder = (points, attempts, { seed }) =>
  points.map((p): DecodedGraph[] =>
    Array.from({ length: attempts }, (_, k) => {
      if (p[0]! < 0.08) return 'garbage';
      const r = (k + seed) % 3;
      return r === 0 ? 'garbage' : r === 1 ? '0 1 0 2 0 1 3 1 0 0 4 0 1 0 1' : architectureOf(p);
    }),
  );

/** Synthetic "weight-sharing accuracy" of an architecture; undefined (unscored) when the last op is 5. */
export function syntheticAccuracy(flat: string): number | undefined {
  const v = flat.split(' ').map(Number);
  if (v[15] === 5) return undefined;
  const ops = [v[0]!, v[1]!, v[3]!, v[6]!, v[10]!, v[15]!];
  const skips = v.length - 6 - ops.length + v.filter((b, i) => ![0, 1, 3, 6, 10, 15].includes(i) && b === 1).length;
  return 0.72 + 0.004 * ops.filter((o) => o === 0).length + 0.001 * (skips - 9) - 0.002 * ops.filter((o) => o === 4).length;
}

export function syntheticEvaluator(calls?: string[][]): Evaluator {
  return {
    kind: 'lookup',
    label: 'synthetic accuracy',
    surrogate: false,
    evaluate(flats) {
      calls?.push([...flats]);
      return Promise.resolve(
        flats.map((flat): Evaluation => {
          const a = syntheticAccuracy(flat);
          return a === undefined ? { flat, status: 'unscored', reason: 'not in the table', source: 'lookup' } : { flat, status: 'scored', accuracy: a, source: 'lookup' };
        }),
      );
    },
  };
}

/** An exact GP with fixed hyperparameters as the per-round predictor (fast, deterministic). */
export const exactGpFitter: FitPredictor = (x, y) => {
  const rows = Array.from({ length: x.rows }, (_, i) => Array.from({ length: x.cols }, (_, d) => Number(x.data[i * x.cols + d])));
  const lls = new Array(x.cols).fill(Math.log(0.05));
  const posterior = exactGpPosterior(rows, Array.from(y), lls, 0, 0.3);
  return Promise.resolve({
    posterior,
    predict(q) {
      const mean = new Float64Array(q.rows);
      const variance = new Float64Array(q.rows);
      for (let i = 0; i < q.rows; i++) {
        const p = Array.from({ length: q.cols }, (_, d) => Number(q.data[i * q.cols + d]));
        const k = rows.map((r) => seKernel(p, r, lls, 0));
        let quad = 0;
        for (let a = 0; a < k.length; a++) {
          mean[i]! += k[a]! * posterior.meanWeights[a]!;
          for (let b = 0; b < k.length; b++) quad += k[a]! * posterior.varianceWeights[a * k.length + b]! * k[b]!;
        }
        variance[i] = Math.abs(1 - quad) + 0.3;
      }
      return { mean, variance };
    },
  });
};

/** A small latent-mode problem in [0, 1]³ whose training accuracies come from the same map. */
export function syntheticProblem(n = 40, seed = 5): BoProblem & { pool: NonNullable<BoProblem['pool']> } {
  const rng = new PythonRandom(seed);
  const make = (count: number) => {
    const pts: number[] = [];
    const acc: number[] = [];
    const flats: string[] = [];
    while (acc.length < count) {
      const p = [0.1 + 0.9 * rng.random(), rng.random(), rng.random()];
      const flat = architectureOf(p);
      const a = syntheticAccuracy(flat);
      if (a === undefined) continue;
      pts.push(...p);
      acc.push(a);
      flats.push(flat);
    }
    return { x: { rows: count, cols: 3, data: Float64Array.from(pts) }, accuracy: Float64Array.from(acc), flats };
  };
  const train = make(n);
  const test = make(15);
  const pool = make(120);
  return { train, test: { x: test.x, accuracy: test.accuracy }, evaluator: syntheticEvaluator(), decoder: syntheticDecoder, pool: { x: pool.x, flats: pool.flats } };
}
