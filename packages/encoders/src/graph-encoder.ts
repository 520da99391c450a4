import type { Dag } from '@opnas/dag';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';

/** The posterior parameters an encoder produces for a batch, each `B × latentSize`. */
export interface Posterior {
  readonly mu: Tensor2D;
  readonly logvar: Tensor2D;
}

/**
 * What a graph VAE needs from its encoder: graphs in, posterior out. `DvaeEncoder` implements
 * it; the GCN and sequence encoders of the baselines implement it too.
 */
export interface GraphEncoder {
  readonly latentSize: number;
  readonly maxVertices: number;
  /** μ and log σ² for each graph (differentiable; call inside `tf.tidy` or dispose them). */
  encode(graphs: readonly Dag[]): Posterior;
  /** Trainable variables owned by this encoder (shared modules are listed by their owner). */
  variables(): Variable[];
  /** Reference (PyTorch) parameters owned by this encoder. */
  referenceParameters(): ReferenceParameter[];
  dispose(): void;
}
