import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { OperationEmbeddingError } from './errors.js';

/**
 * How a vertex's operation type becomes the input vector of a GRU (the paper's `O(x_v)`).
 * Encoders and decoders take any implementation: fixed {@link OneHotEncoding} (D-VAE) or
 * the learnable {@link OperationEmbedding} (DVAE-EMB).
 */
export interface OperationEncoding {
  readonly kind: 'one-hot' | 'embedding';
  /** Number of operation types (rows of the table); 8 for ENAS. */
  readonly typeCount: number;
  /** Width of one encoded type: the GRU input size (8 for one-hot, `d` for an embedding). */
  readonly size: number;
  /**
   * The `typeCount × size` table whose row `k` encodes type `k`. Owned by the encoding: do not
   * dispose it. Differentiable for a learnable embedding.
   */
  table(): Tensor2D;
  /** The rows of the given types, `n × size` (a new tensor). */
  encode(types: readonly number[]): Tensor2D;
  /** Trainable variables (none for one-hot). */
  variables(): Variable[];
  /** The reference parameters (`embeddings.weight` for an embedding; none for one-hot). */
  referenceParameters(): ReferenceParameter[];
  /** Frees the tensors the encoding owns. */
  dispose(): void;
}

/** Checks that every entry is an integer type id below `typeCount`. */
export function checkTypes(types: readonly number[], typeCount: number): void {
  types.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= typeCount) {
      throw new OperationEmbeddingError(`@opnas/op-embed: types[${i}] must be an integer type id in 0..${typeCount - 1}, got ${t}`);
    }
  });
}
