import * as tf from '@tensorflow/tfjs-core';
// The cpu backend is always registered (an import registers it, it selects nothing); the other
// backends load when `initRuntime` chooses them.
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's Node entry point registers no gradients and no chained ops (the umbrella package
// @tensorflow/tfjs does): a bundle of both, generated on install (scripts/bundle-tfjs-gradients.mjs).
import './tfjs-gradients.generated.js';
// The chained ops' types (`tensor.toFloat()`, …): the module augmentations of the file bundled above.
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

/**
 * The TensorFlow.js namespace every opnas package computes with (`@tensorflow/tfjs-core`, with
 * its gradients registered).
 *
 * Packages import `tf` from here rather than from `@tensorflow/tfjs-core`, so that one copy of
 * tfjs (and one kernel registry) is shared, and so that only this package decides which backend
 * runs (see `initRuntime`). Importing it configures nothing.
 */
export { tf };

/** The type of the {@link tf} namespace. */
export type Tf = typeof tf;

export type { Tensor, Tensor1D, Tensor2D, Tensor3D, Variable, Rank, Scalar, TensorLike, NamedTensorMap } from '@tensorflow/tfjs-core';
