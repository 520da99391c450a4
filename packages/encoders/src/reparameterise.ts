import type { PythonRandom } from '@opnas/rng';
import { tf } from '@opnas/runtime';
import type { Tensor2D } from '@opnas/runtime';

/** Options of {@link reparameterise}. */
export interface ReparameteriseOptions {
  /** Scale of the noise: the reference multiplies ε by 0.01 (protocol §2.4). Default 0.01. */
  readonly epsScale?: number;
}

/**
 * Training-mode sampling `z = μ + epsScale · ε · exp(½ logvar)` with `ε ~ N(0, I)` drawn from
 * `random` (protocol §2.4). With the reference's 0.01 the model is almost a deterministic
 * autoencoder; the KL term still sees the full `logvar`. In eval mode use `z = μ`.
 */
export function reparameterise(mu: Tensor2D, logvar: Tensor2D, random: PythonRandom, options: ReparameteriseOptions = {}): Tensor2D {
  const scale = options.epsScale ?? 0.01;
  const [rows, cols] = mu.shape;
  const eps = new Float32Array(rows * cols);
  for (let i = 0; i < eps.length; i++) eps[i] = random.gauss(0, 1);
  return tf.tidy(() => tf.add(mu, tf.mul(tf.mul(tf.tensor2d(eps, [rows, cols]), scale), tf.exp(tf.mul(logvar, 0.5)))) as Tensor2D);
}
