import type { PythonRandom } from '@opnas/rng';
import { tf } from '@opnas/runtime';
import type { Scalar, Tensor2D } from '@opnas/runtime';
import type { Posterior } from './graph-encoder.js';
import type { VaeLoss, VaeLossOptions } from './graph-vae.js';
import { klDivergence } from './kl-divergence.js';
import { reparameterise } from './reparameterise.js';

/** What {@link vaeLoss} needs of the model: β, the noise scale, and its own noise generator. */
export interface VaeLossSettings {
  readonly beta: number;
  readonly epsScale: number;
  /** The generator for ε when `options.random` is not given. */
  readonly noise: PythonRandom;
}

/**
 * The ELBO terms every graph VAE reports (protocol §2.4–§2.5): `z` drawn from the posterior in
 * training mode (`μ` in eval mode), `recon = reconstruction(z)` (the decoder's negative
 * log-likelihood, summed over the batch), the closed-form KL, and `loss = recon + β·kld`; the
 * intermediate tensors are freed.
 */
export function vaeLoss(encode: () => Posterior, reconstruction: (z: Tensor2D) => Scalar, settings: VaeLossSettings, options: VaeLossOptions = {}): VaeLoss {
  const random = options.random ?? settings.noise;
  return tf.tidy(() => {
    const { mu, logvar } = encode();
    const z = (options.training ?? true) ? reparameterise(mu, logvar, random, { epsScale: settings.epsScale }) : mu;
    const recon = reconstruction(z);
    const kld = klDivergence(mu, logvar);
    return { loss: tf.add(recon, tf.mul(kld, settings.beta)) as Scalar, recon, kld };
  });
}
