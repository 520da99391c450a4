import { tf } from '@opnas/runtime';
import type { Tensor } from '@opnas/runtime';

/**
 * The values of a tensor computed in a `tf.tidy` scope (the tensor and its intermediates are
 * freed). Returning the typed array from the tidy callback instead would make tfjs walk it
 * element by element looking for tensors (it treats every object as a container): that walk
 * cost 1 s of a 1.3 s S-VAE forward pass at the paper's sizes.
 */
export function readValues(f: () => Tensor): Float32Array {
  let values: Float32Array | undefined;
  tf.tidy(() => {
    values = f().dataSync() as Float32Array;
  });
  return values!;
}
