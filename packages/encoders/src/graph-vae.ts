import type { Dag } from '@opnas/dag';
import type { PythonRandom } from '@opnas/rng';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';
import type { Posterior } from './graph-encoder.js';

/** Options of {@link GraphVae.decode}. */
export interface DecodeOptions {
  /**
   * Sample types from the softmax and edges from Bernoulli(p) (`true`, what every reference
   * evaluation does), or take the argmax type and add edges with p > 0.5 (`false`, the paper's
   * description). Default `true`.
   */
  readonly stochastic?: boolean;
  /** The generator for sampling (advanced in place), or a seed for a new one. Default seed 0. */
  readonly random?: PythonRandom | number;
}

/** Options of {@link GraphVae.loss}. */
export interface VaeLossOptions {
  /**
   * Training mode samples `z = μ + 0.01·ε·σ` (protocol §2.4); eval mode uses `z = μ`.
   * Default `true`, as in the reference's `train()`.
   */
  readonly training?: boolean;
  /** Generator for ε. Default: the model's own, seeded from its `seed`. */
  readonly random?: PythonRandom;
}

/** The summed losses of a batch (protocol §2.5); all scalars, all sums over the batch. */
export interface VaeLoss {
  /** `recon + β·kld`. */
  readonly loss: Scalar;
  /** Negative log-likelihood of the batch under the decoder (teacher-forced where it generates step by step). */
  readonly recon: Scalar;
  readonly kld: Scalar;
}

/**
 * A graph VAE as training, evaluation and Bayesian optimisation use it: the one contract every
 * model implements, the composed models of `@opnas/vae` (dvae, dvae-emb, gcn, gcn-emb, gin)
 * and the sequence models of `@opnas/sequence-vae` (svae, graphrnn).
 */
export interface GraphVae {
  /** The registry name, e.g. `dvae-emb`. */
  readonly name: string;
  readonly hiddenSize: number;
  readonly latentSize: number;
  readonly maxVertices: number;
  readonly beta: number;
  /** μ and log σ² of each graph (call inside `tf.tidy` or dispose them). */
  encode(graphs: readonly Dag[]): Posterior;
  /** The ELBO terms of a batch. */
  loss(graphs: readonly Dag[], options?: VaeLossOptions): VaeLoss;
  /** One graph per latent row. */
  decode(z: Tensor2D, options?: DecodeOptions): Dag[];
  /**
   * {@link GraphVae.decode} with asynchronous reads, the same graphs for the same generator: the
   * `webgpu` backend can only read asynchronously. Optional for models that run on CPU
   * backends only; opnas's six models have it.
   */
  decodeAsync?(z: Tensor2D, options?: DecodeOptions): Promise<Dag[]>;
  /** Every trainable variable, each once. */
  variables(): Variable[];
  /** Every parameter under its reference name, in the reference `state_dict` order. */
  referenceParameters(): ReferenceParameter[];
  /** What identifies the architecture (stored in weight files and checked on load). */
  describe(): Record<string, string>;
  /**
   * Names a reference checkpoint of this model holds that the model does not allocate because
   * the reference never uses them (e.g. GraphRNN's `add_edges.*`); importing ignores them.
   * Optional: `UNUSED_REFERENCE_PARAMETERS` is always ignored.
   */
  unusedReferenceParameters?(): readonly string[];
  dispose(): void;
}
