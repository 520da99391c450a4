import * as tf from '@tensorflow/tfjs';

/**
 * The TensorFlow.js namespace every opnas package computes with.
 *
 * Packages import `tf` from here rather than from `@tensorflow/tfjs`, so that one copy of tfjs
 * (and one kernel registry) is shared, and so that only this package decides which backend runs
 * (see `initRuntime`). Importing it configures nothing.
 */
export { tf };

/** The type of the {@link tf} namespace. */
export type Tf = typeof tf;

export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable, Rank, Scalar, TensorLike, NamedTensorMap } from '@tensorflow/tfjs';
