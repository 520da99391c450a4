import type { Dag, OperationVocabulary } from '@opnas/dag';
import type { DecodeOptions } from '@opnas/decoder';
import type { Posterior } from '@opnas/encoders';
import type { PythonRandom } from '@opnas/rng';
import type { ReferenceParameter, Scalar, Tensor2D, Variable } from '@opnas/runtime';

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
  /** Negative teacher-forced log-likelihood. */
  readonly recon: Scalar;
  readonly kld: Scalar;
}

/** Sizes and settings shared by all graph VAEs; defaults are the paper's (protocol §3, §4.1). */
export interface GraphVaeOptions {
  /** Hidden size `hs`. Default 501. */
  readonly hiddenSize?: number;
  /** Latent size `nz`. Default 56. */
  readonly latentSize?: number;
  /** Largest vertex count `max_n`. Default 8 (ENAS-6). */
  readonly maxVertices?: number;
  /** Seed of the parameter initialisation and of the model's own noise generator. Default 1. */
  readonly seed?: number;
  /** KL weight β. Default 0.005. */
  readonly beta?: number;
  /** Scale of the reparameterisation noise. Default 0.01 (protocol §2.4). */
  readonly epsScale?: number;
  /**
   * The vertex types of the search space (a `SearchSpace`'s `vocabulary`): sets the width of the
   * one-hot encoding or the rows of the embedding table, and the START / END types the decoder
   * generates from and stops at. Default ENAS's 8 types. The sequence models (svae, graphrnn)
   * take ENAS-6 only.
   */
  readonly vocabulary?: OperationVocabulary;
}

/**
 * A graph VAE as training, evaluation and Bayesian optimisation use it. `DvaeModel` (dvae,
 * dvae-emb) and `GcnModel` (gcn, gcn-emb) implement it here; `SvaeModel` and `GraphRnnModel`
 * (svae, graphrnn) implement it structurally in `@opnas/sequence-vae`.
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
