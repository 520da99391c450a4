import { tf } from '@opnas/runtime';
import type { Tensor, Variable } from '@opnas/runtime';
import { TrainError } from './errors.js';

/**
 * Where each trainable variable of a model lives in one flat float32 vector (in the order of
 * `model.variables()`). Weights, Adam moments and gradients are kept in this layout so that
 * workers can share them as plain buffers; weight files use the reference layout instead.
 */
export interface ParameterLayout {
  readonly shapes: readonly (readonly number[])[];
  readonly offsets: readonly number[];
  /** Total number of parameters. */
  readonly size: number;
}

/** The layout of `variables`, in their order. */
export function parameterLayout(variables: readonly Variable[]): ParameterLayout {
  const shapes = variables.map((v) => [...v.shape]);
  const offsets: number[] = [];
  let size = 0;
  for (const v of variables) {
    offsets.push(size);
    size += v.size;
  }
  return { shapes, offsets, size };
}

/** Throws unless two layouts describe the same shapes in the same order. */
export function checkSameLayout(expected: ParameterLayout, actual: ParameterLayout, what: string): void {
  const same = expected.shapes.length === actual.shapes.length && expected.shapes.every((s, i) => s.join('×') === actual.shapes[i]!.join('×'));
  if (!same) {
    throw new TrainError(
      `@opnas/train: ${what} has ${actual.shapes.length} parameter tensors (${actual.size} numbers) but the model has ${expected.shapes.length} (${expected.size})`,
    );
  }
}

/** Copies the variables' values into `into` (length `layout.size`). */
export function readVariables(variables: readonly Variable[], layout: ParameterLayout, into: Float32Array): void {
  variables.forEach((v, i) => into.set(v.dataSync() as Float32Array, layout.offsets[i]!));
}

/**
 * Sets the variables from `from`, copying, so `from` may be a shared buffer that changes later.
 * (New tensors rather than writes into the variables' memory: the wasm backend caches packed
 * matmul weights per tensor, and a new tensor is what invalidates that cache.)
 */
export function writeVariables(variables: readonly Variable[], layout: ParameterLayout, from: Float32Array): void {
  // The wasm backend copies a new tensor's values into its heap at once; other backends may keep
  // the array itself, so they get a private copy.
  const copies = tf.getBackend() !== 'wasm';
  variables.forEach((v, i) => {
    const start = layout.offsets[i]!;
    const values = copies ? from.slice(start, start + v.size) : from.subarray(start, start + v.size);
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
  });
}

interface HeapBackend {
  typedArrayFromHeap?: (tensor: Tensor) => Float32Array;
}

/**
 * A tensor's float32 values: on the wasm backend a view of its memory (no copy; valid until the
 * tensor is disposed or the heap grows), elsewhere `dataSync()`.
 */
export function tensorValues(tensor: Tensor): Float32Array {
  const backend = tf.backend() as unknown as HeapBackend;
  if (tf.getBackend() === 'wasm' && typeof backend.typedArrayFromHeap === 'function') return backend.typedArrayFromHeap(tensor);
  return tensor.dataSync() as Float32Array;
}
