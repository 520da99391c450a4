import { integerAtLeast } from '@opnas/errors';
import { tf } from '@opnas/runtime';
import type { ReferenceParameter, Tensor2D, Variable } from '@opnas/runtime';
import { invalidArgument } from './errors.js';
import { checkTypes } from './operation-encoding.js';
import type { OperationEncoding } from './operation-encoding.js';

/** Options of {@link OneHotEncoding}. */
export interface OneHotEncodingOptions {
  /** Number of operation types. Default 8 (ENAS, protocol §1.3). */
  readonly typeCount?: number;
}

/** The fixed one-hot encoding of D-VAE: type `k` becomes the unit vector `e_k` (protocol §3.1). */
export class OneHotEncoding implements OperationEncoding {
  readonly kind = 'one-hot' as const;
  readonly typeCount: number;
  readonly size: number;
  private readonly identity: Tensor2D;

  constructor(options: OneHotEncodingOptions = {}) {
    const typeCount = options.typeCount ?? 8;
    integerAtLeast(typeCount, 2, 'typeCount', invalidArgument);
    this.typeCount = typeCount;
    this.size = typeCount;
    this.identity = tf.keep(tf.eye(typeCount) as Tensor2D);
  }

  table(): Tensor2D {
    return this.identity;
  }

  encode(types: readonly number[]): Tensor2D {
    checkTypes(types, this.typeCount);
    return tf.tidy(() => tf.oneHot(tf.tensor1d([...types], 'int32'), this.typeCount).toFloat() as Tensor2D);
  }

  variables(): Variable[] {
    return [];
  }

  referenceParameters(): ReferenceParameter[] {
    return [];
  }

  dispose(): void {
    this.identity.dispose();
  }
}
