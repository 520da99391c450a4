import { tf } from './tf.js';
import type { Tensor } from './tf.js';

/** Values read back from a tensor. */
export type TensorValues = Float32Array | Int32Array | Uint8Array;

/**
 * A computation that reads tensor values part-way (decoding samples each step from the values
 * of the last): a generator that yields each tensor whose values it needs and receives them.
 * The driver disposes every yielded tensor after reading it. The same generator runs
 * synchronously ({@link runReadingSync}, for the CPU backends) or asynchronously
 * ({@link runReadingAsync}, for `webgpu`, which can only read asynchronously in Node).
 */
export type ReadingComputation<T> = Generator<Tensor, T, TensorValues>;

/** Runs `computation`, reading each yielded tensor with `dataSync()`. */
export function runReadingSync<T>(computation: ReadingComputation<T>): T {
  let step = computation.next();
  while (!step.done) {
    let values: TensorValues;
    try {
      values = step.value.dataSync() as TensorValues;
    } catch (error) {
      step.value.dispose();
      computation.throw(error);
      throw error;
    }
    step.value.dispose();
    step = computation.next(values);
  }
  return step.value;
}

/** Runs `computation`, reading each yielded tensor with `await data()`. */
export async function runReadingAsync<T>(computation: ReadingComputation<T>): Promise<T> {
  let step = computation.next();
  while (!step.done) {
    let values: TensorValues;
    try {
      values = (await step.value.data()) as TensorValues;
    } catch (error) {
      step.value.dispose();
      computation.throw(error);
      throw error;
    }
    step.value.dispose();
    step = computation.next(values);
  }
  return step.value;
}

/**
 * Whether the running backend is a device backend (`webgpu`, `tensorflow`): models then compose
 * tensor ops where on the CPU backends they loop over arrays read back from tensors.
 */
export function onDeviceBackend(): boolean {
  const name = tf.getBackend();
  return name === 'webgpu' || name === 'tensorflow';
}
