import { integerAtLeast, positiveInteger } from '@opnas/errors';
import { SeededInitialiser, sameLayoutParameter, tf, valuesVariable } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { OperationEmbeddingError, invalidArgument } from './errors.js';
import { checkTypes } from './operation-encoding.js';
import type { OperationEncoding } from './operation-encoding.js';
import { RELEASED_EMBEDDING_TABLE } from './released-table.js';

/**
 * How the table starts: `'normal'` draws N(0, 1) (the paper's first iteration, protocol §4.2),
 * `'released'` copies the table hard-coded in the released DVAE_EMB (protocol §3.2), and a matrix
 * gives the table itself (e.g. the table learned by a previous iteration).
 */
export type EmbeddingInit = 'normal' | 'released' | readonly (readonly number[])[];

/** Options of {@link OperationEmbedding}. */
export interface OperationEmbeddingOptions {
  /** Number of operation types. Default 8 (ENAS). */
  readonly typeCount?: number;
  /** Embedding width `d`. Default 3 (hard-coded in the reference `train.py`). */
  readonly size?: number;
  /** Default `'normal'`. */
  readonly init?: EmbeddingInit;
  /** Seed of the N(0, 1) draw when no `initialiser` is given. Default 1 (the reference seed). */
  readonly seed?: number;
  /** Draw from this shared generator instead (a model draws all its parameters from one). */
  readonly initialiser?: SeededInitialiser;
}

function checkTable(table: readonly (readonly number[])[], typeCount: number, size: number, what: string): Float32Array {
  if (!Array.isArray(table) || table.length !== typeCount) {
    throw new OperationEmbeddingError(`@opnas/op-embed: ${what} must have ${typeCount} rows, got ${Array.isArray(table) ? table.length : typeof table}`);
  }
  const out = new Float32Array(typeCount * size);
  table.forEach((row, k) => {
    if (!Array.isArray(row) || row.length !== size) {
      throw new OperationEmbeddingError(`@opnas/op-embed: ${what} row ${k} must have ${size} numbers, got ${Array.isArray(row) ? row.length : typeof row}`);
    }
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new OperationEmbeddingError(`@opnas/op-embed: ${what}[${k}][${j}] must be a finite number, got ${String(v)}`);
      }
      out[k * size + j] = v;
    });
  });
  return out;
}

/**
 * The learnable operation embedding of DVAE-EMB: a `typeCount × d` table whose row `k` is the
 * GRU input for type `k` (protocol §3.2). One table is shared by the forward and backward encoder
 * and the decoder. It trains under the same optimiser as the rest of the model.
 */
export class OperationEmbedding implements OperationEncoding {
  readonly kind = 'embedding' as const;
  readonly typeCount: number;
  readonly size: number;
  private readonly weight: Variable;

  constructor(options: OperationEmbeddingOptions = {}) {
    const typeCount = options.typeCount ?? 8;
    const size = options.size ?? 3;
    integerAtLeast(typeCount, 2, 'typeCount', invalidArgument);
    positiveInteger(size, 'size', invalidArgument);
    this.typeCount = typeCount;
    this.size = size;
    const init = options.init ?? 'normal';
    let values: Float32Array;
    if (init === 'normal') {
      values = (options.initialiser ?? new SeededInitialiser(options.seed ?? 1)).normal(typeCount * size);
    } else if (init === 'released') {
      if (typeCount !== 8 || size !== 3) {
        throw new OperationEmbeddingError(`@opnas/op-embed: the released table is 8 × 3, but this embedding is ${typeCount} × ${size}`);
      }
      values = checkTable(RELEASED_EMBEDDING_TABLE, 8, 3, 'the released table');
    } else if (Array.isArray(init)) {
      values = checkTable(init, typeCount, size, 'init');
    } else {
      throw new OperationEmbeddingError(`@opnas/op-embed: init must be 'normal', 'released' or a ${typeCount} × ${size} matrix, got ${String(init)}`);
    }
    this.weight = valuesVariable(values, [typeCount, size]);
  }

  table(): Tensor2D {
    return this.weight as Tensor2D;
  }

  encode(types: readonly number[]): Tensor2D {
    checkTypes(types, this.typeCount);
    return tf.tidy(() => tf.gather(this.weight, tf.tensor1d([...types], 'int32')) as Tensor2D);
  }

  /** The current table as plain numbers, row `k` for type `k`. */
  toArray(): number[][] {
    return this.weight.arraySync() as number[][];
  }

  /** Replaces the table (same checks as a matrix `init`). */
  setTable(table: readonly (readonly number[])[]): void {
    const values = checkTable(table, this.typeCount, this.size, 'table');
    tf.tidy(() => this.weight.assign(tf.tensor2d(values, [this.typeCount, this.size])));
  }

  variables(): Variable[] {
    return [this.weight];
  }

  /** `embeddings.weight`, `typeCount × d`, as in the reference DVAE_EMB state_dict (protocol §12). */
  referenceParameters(): ReferenceParameter[] {
    return [sameLayoutParameter('embeddings.weight', this.weight)];
  }

  dispose(): void {
    this.weight.dispose();
  }
}
