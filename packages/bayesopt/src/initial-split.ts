import { PythonRandom } from '@opnas/rng';
import { BayesOptArgumentError } from './errors.js';

/**
 * Split rows 0..count−1 into `initial` evaluated-first rows and the rest (a pool), by a seeded
 * CPython-compatible shuffle — fixed by `seed`, so every BO seed and every resumed run starts
 * from the same data.
 */
export function initialSplit(count: number, initial: number, seed = 0): { initial: number[]; rest: number[] } {
  if (!Number.isInteger(initial) || initial < 1 || initial > count) {
    throw new BayesOptArgumentError(`@opnas/bayesopt: initial must be an integer in 1..${count}, got ${initial}`, 'initial');
  }
  const order = Array.from({ length: count }, (_, i) => i);
  new PythonRandom(seed).shuffle(order);
  return { initial: order.slice(0, initial), rest: order.slice(initial) };
}
