import { RuntimeError } from './errors.js';
import { tf } from './tf.js';
import type { Scalar, Tensor, Variable } from './tf.js';

/** Options of {@link gradientCheck}. */
export interface GradientCheckOptions {
  /** Central-difference step. Default `1e-2` (float32 arithmetic makes smaller steps noisy). */
  readonly epsilon?: number;
  /** Check at most this many entries per input, spread evenly. Default `24`. */
  readonly maxEntries?: number;
}

/** One compared entry of a {@link gradientCheck}. */
export interface GradientCheckEntry {
  readonly input: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
}

/** Result of a {@link gradientCheck}. */
export interface GradientCheckResult {
  readonly entries: readonly GradientCheckEntry[];
  /** max |analytic − numeric| / max(1, |numeric|) over the entries. */
  readonly maxError: number;
}

/**
 * Compares the gradient tfjs computes for `f` (through every custom gradient and kernel on the
 * way) with central finite differences of `f` itself, entry by entry. `f` must return a scalar
 * and must not depend on randomness.
 */
export function gradientCheck(f: (...xs: Tensor[]) => Scalar, xs: readonly Tensor[], options: GradientCheckOptions = {}): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-2;
  const maxEntries = options.maxEntries ?? 24;
  if (xs.length === 0) throw new RuntimeError('@opnas/runtime: gradientCheck needs at least one input');
  const analytic = tf.tidy(() =>
    tf
      .grads(f)([...xs])
      .map((g) => g.dataSync().slice()),
  );
  const entries: GradientCheckEntry[] = [];
  let maxError = 0;
  xs.forEach((x, input) => {
    const base = x.dataSync().slice();
    const step = Math.max(1, Math.floor(base.length / maxEntries));
    for (let index = 0; index < base.length; index += step) {
      const at = (delta: number): number =>
        tf.tidy(() => {
          const values = base.slice();
          values[index] = base[index]! + delta;
          const args = xs.map((other, j) => (j === input ? tf.tensor(values, x.shape, x.dtype) : other));
          return f(...args).dataSync()[0]!;
        });
      const numeric = (at(epsilon) - at(-epsilon)) / (2 * epsilon);
      const a = analytic[input]![index]!;
      entries.push({ input, index, analytic: a, numeric });
      maxError = Math.max(maxError, Math.abs(a - numeric) / Math.max(1, Math.abs(numeric)));
    }
  });
  return { entries, maxError };
}

/**
 * {@link gradientCheck} for a loss that reads variables (a model's parameters): the analytic
 * gradient comes from `tf.variableGrads`, the numeric one from perturbing each checked entry
 * of the variable in place (restored afterwards).
 */
export function variableGradientCheck(f: () => Scalar, variables: readonly Variable[], options: GradientCheckOptions = {}): GradientCheckResult {
  const epsilon = options.epsilon ?? 1e-2;
  const maxEntries = options.maxEntries ?? 24;
  if (variables.length === 0) throw new RuntimeError('@opnas/runtime: variableGradientCheck needs at least one variable');
  const analytic = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(f, [...variables]);
    value.dispose();
    return variables.map((v) => grads[v.name]!.dataSync().slice());
  });
  const entries: GradientCheckEntry[] = [];
  let maxError = 0;
  variables.forEach((variable, input) => {
    const base = variable.dataSync().slice();
    const step = Math.max(1, Math.floor(base.length / maxEntries));
    const at = (index: number, delta: number): number => {
      const values = base.slice();
      values[index] = base[index]! + delta;
      tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, variable.dtype)));
      return tf.tidy(() => f().dataSync()[0]!);
    };
    for (let index = 0; index < base.length; index += step) {
      const numeric = (at(index, epsilon) - at(index, -epsilon)) / (2 * epsilon);
      const a = analytic[input]![index]!;
      entries.push({ input, index, analytic: a, numeric });
      maxError = Math.max(maxError, Math.abs(a - numeric) / Math.max(1, Math.abs(numeric)));
    }
    tf.tidy(() => variable.assign(tf.tensor(base, variable.shape, variable.dtype)));
  });
  return { entries, maxError };
}
