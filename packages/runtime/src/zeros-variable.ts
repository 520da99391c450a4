import { tf } from './tf.js';
import type { Variable } from './tf.js';

/**
 * A trainable float32 variable of zeros. `tf.variable(tf.zeros(shape))` leaks the zeros tensor
 * (the variable copies it); this frees it.
 */
export function zerosVariable(shape: readonly number[]): Variable {
  return tf.tidy(() => tf.variable(tf.zeros([...shape]), true));
}

/** A trainable float32 variable holding `values` (row-major, `shape`), without leaking the source tensor. */
export function valuesVariable(values: Float32Array, shape: readonly number[]): Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, [...shape], 'float32'), true));
}
