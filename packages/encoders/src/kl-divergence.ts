import { tf } from '@opnas/runtime';
import type { Scalar, Tensor2D } from '@opnas/runtime';

/** `KLD = −½ Σ (1 + logvar − μ² − exp(logvar))`, summed over batch and dimensions (protocol §2.5). */
export function klDivergence(mu: Tensor2D, logvar: Tensor2D): Scalar {
  return tf.tidy(() => tf.mul(tf.sum(tf.sub(tf.sub(tf.add(logvar, 1), tf.square(mu)), tf.exp(logvar))), -0.5) as Scalar);
}
