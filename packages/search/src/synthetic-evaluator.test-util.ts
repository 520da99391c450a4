import type { Evaluation, Evaluator } from '@opnas/bayesopt';

const OPS = [0, 1, 3, 6, 10, 15];

/**
 * A separable stand-in for weight-sharing accuracy: 0.6 + Σ_layers w(op) + 0.002 · Σ bits.
 * Its optimum is every layer at op 2 with every skip bit set (accuracy 0.6 + 6·0.01 + 0.03).
 */
export function additiveAccuracy(flat: string): number {
  const v = flat.split(' ').map(Number);
  const w = [0.004, 0.002, 0.01, 0.006, 0, 0.001];
  let a = 0.6;
  v.forEach((x, i) => (a += OPS.includes(i) ? w[x]! : 0.002 * x));
  return a;
}

export const ADDITIVE_OPTIMUM = 0.6 + 6 * 0.01 + 15 * 0.002;

/** Evaluates {@link additiveAccuracy}; records every batch it is sent. */
export function additiveEvaluator(calls: string[][] = []): Evaluator {
  return {
    kind: 'lookup',
    label: 'additive test accuracy',
    surrogate: false,
    evaluate(flats) {
      calls.push([...flats]);
      return Promise.resolve(flats.map((flat): Evaluation => ({ flat, status: 'scored', accuracy: additiveAccuracy(flat), source: 'lookup' })));
    },
  };
}
